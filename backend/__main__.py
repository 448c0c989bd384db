"""`copp`: the platform's command line and its composition root."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import getpass
import json
import logging
import signal
import sys
from pathlib import Path

from aiohttp import web

from admin_web import create_admin_app
from backend import db, demo, logs, tasks
from backend.app import create_app
from backend.keys import METRICS
from backend.settings import ConfigError, Settings
from backend.store import make_store
from public_web import create_site

log = logging.getLogger("copp")


def build_engine(settings: Settings, store):
    from dialogs import REGISTRY
    from dialogs.engine import Engine

    return Engine(store, REGISTRY, default_locale=settings.default_locale,
                  session_ttl=settings.session_ttl_hours * 3600,
                  resume_after=settings.resume_after_minutes * 60)


def build_channels(settings: Settings, engine, store, app: web.Application) -> list:
    """Every messenger channel whose credentials are configured, with its HTTP route."""
    channels = []
    if settings.telegram_token:
        from bots.telegram.channel import WEBHOOK_PATH, TelegramChannel
        from dialogs import REGISTRY

        telegram = TelegramChannel(settings, engine, store, REGISTRY, metrics=app[METRICS])
        if settings.telegram_mode == "webhook":
            app.router.add_post(WEBHOOK_PATH, telegram.webhook)
        channels.append(telegram)
    if settings.vk_token:
        from bots.vk.channel import CALLBACK_PATH, VkChannel

        vk = VkChannel(settings, engine, store, metrics=app[METRICS])
        if settings.vk_mode == "callback":
            app.router.add_post(CALLBACK_PATH, vk.callback)
        channels.append(vk)
    if settings.webchat:
        from bots.web.channel import WebChannel

        web_chat = WebChannel(settings, engine, store, metrics=app[METRICS])
        web_chat.add_routes(app)
        channels.append(web_chat)
    return channels


async def serve(settings: Settings, *, worker: bool) -> None:
    """HTTP service + channels (+ background worker) until SIGINT or SIGTERM."""
    store = make_store(settings.redis_url)
    if settings.embedded:
        log.warning("COPP_REDIS_URL is not set: in-process store, run a single process only")
    async with db.migrated(settings.database), contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(store.close)
        engine = build_engine(settings, store)
        app = create_app(settings, store, create_admin_app(settings, store),
                         create_site(settings, store))
        channels = build_channels(settings, engine, store, app)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        stack.push_async_callback(runner.cleanup)
        site = web.TCPSite(runner, settings.http_host, settings.http_port)
        await site.start()
        log.info("HTTP on http://%s:%s (alive: /healthz, ready: /readyz)", settings.http_host,
                 settings.http_port)
        if worker:
            broker = tasks.make_broker(settings.redis_url)
            tasks.register(broker, settings)
            await stack.enter_async_context(tasks.running_worker(broker))
        for channel in channels:
            await channel.start()
            stack.push_async_callback(channel.stop)
        if not channels:
            log.warning("no messenger configured (COPP_TELEGRAM_TOKEN, COPP_VK_TOKEN); "
                        "try `copp chat` for a conversation in the terminal")
        gc.collect()
        gc.freeze()  # the start-up heap is long-lived; keeps full GC pauses short
        await _until_stopped()
        log.info("stopping")


async def _until_stopped() -> None:
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopped.set)
    await stopped.wait()


async def work(settings: Settings) -> None:
    broker = tasks.make_broker(settings.redis_url)
    tasks.register(broker, settings)
    async with db.database(settings.database), tasks.running_worker(broker):
        log.info("worker started")
        await _until_stopped()


async def migrate(settings: Settings, to: str | None, down: bool) -> int:
    """A line for each migration applied; exit 1 and one line naming the migration that
    failed (its traceback at DEBUG)."""
    target = to or ("models.__first__" if down else None)
    try:
        await db.migrate(settings.database, target, "backward" if down else "both", done=print)
    except db.MigrationFailed as exc:
        log.debug("the failed migration's traceback", exc_info=exc.__cause__)
        print(f"copp: {exc}", file=sys.stderr)
        return 1
    return 0


async def chat(settings: Settings, user: str) -> None:
    from bots.terminal import chat as terminal_chat

    store = make_store(settings.redis_url)
    async with db.migrated(settings.database):
        try:
            await terminal_chat(build_engine(settings, store), user,
                                files=settings.data_dir / "chat-files" / user)
        finally:
            await store.close()


async def create_admin(settings: Settings, login: str | None, role: str,
                       password_stdin: bool) -> int:
    """The first account, or any account from a script. No default accounts exist."""
    from backend.errors import ERRORS, ServiceError
    from backend.i18n import gettext
    from backend.services import accounts

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        login = login or input("Login: ").strip()  # noqa: ASYNC250 - before any async work
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            print("copp: the two passwords differ", file=sys.stderr)
            return 2
    if not login:
        print("copp: --login is required with --password-stdin", file=sys.stderr)
        return 2
    rules = accounts.PasswordRules(settings.password_min_length, settings.password_history)
    async with db.migrated(settings.database):
        try:
            account = await accounts.create_account("cli", login, role, password, rules=rules,
                                                    must_change_password=False)
        except ServiceError as exc:
            text = gettext(settings.default_locale, ERRORS[exc.code])
            print(f"copp: {text.format(**exc.params)}", file=sys.stderr)
            return 2
    print(f"account {account.login} ({account.role}) created; sign in at /admin/login")
    return 0


async def career_stats(settings: Settings) -> None:
    """Cronbach's α per scale and corrected item-total correlations (pilot: α ≥ .70, r ≥ .30)."""
    from backend.services import career, career_statistics

    def show(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f}"

    async with db.migrated(settings.database):
        version = await career.current_version()
        for scale in await career_statistics.scale_statistics(version):
            items = "  ".join(f"#{p}: {show(r)}" for p, r in scale.item_total.items())
            print(f"{scale.type}  n={scale.results}  alpha={show(scale.alpha)}  items: {items}")


async def import_programs(settings: Settings, path: Path, data: bytes, dry_run: bool,
                          create_missing: bool) -> int:
    from backend.errors import ERRORS, PROBLEMS, ServiceError
    from backend.i18n import gettext, ngettext
    from backend.services import programs_files

    def say(message: str, params: dict) -> str:
        return gettext(settings.default_locale, message).format(**params)

    async with db.migrated(settings.database):
        try:
            report = await programs_files.import_programs(
                data, path.name, actor="cli", dry_run=dry_run, create_missing=create_missing)
        except ServiceError as exc:
            print(f"copp: {say(ERRORS[exc.code], exc.params)}", file=sys.stderr)
            return 2
    for problem in report.problems:
        message = say(PROBLEMS[problem.code], problem.params)
        print(f"{path.name}:{problem.row}: {problem.column}: {message}")
    if report.unlisted:
        print(ngettext(settings.default_locale, "…and %(num)s more problem.",
                       "…and %(num)s more problems.", report.unlisted) % {"num": report.unlisted})
    summary = {"rows": report.rows, "created": report.created, "updated": report.updated,
               "new_organizations": report.new_organizations,
               "new_competencies": report.new_competencies, "problems": report.problem_count,
               "applied": not (dry_run or report.problem_count)}
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if report.problem_count else 0


async def export_programs(settings: Settings, name: str) -> bytes:
    from backend.services import programs_files

    async with db.migrated(settings.database):
        return await programs_files.export_programs(name)


async def seed_demo(settings: Settings, reset: bool) -> None:
    async with db.migrated(settings.database):
        if reset:
            print(json.dumps({"demo_rows_deleted": await demo.reset()}))
        print(json.dumps(await demo.seed()))


async def backup(settings: Settings, to: Path | None, where: Path | None) -> int:
    """Prints the file's path and sha256 (`sha256sum` checks the line); exit 1 on an alert."""
    from backend import backups

    if to is not None:  # recorded like the daily one: the dashboard's last backup counts it
        try:
            made = await backups.make_backup(settings.database, to, settings.passphrase)
        except backups.BackupError as exc:
            await _record_backup(settings, backups.DailyResult(None, str(exc)), where)
            print(f"copp: backup failed: {exc}", file=sys.stderr)
            return 2
        await _record_backup(settings, backups.DailyResult(made), where)
        print(f"{made.manifest.sha256}  {made.path}")
        return 0
    result = await backups.run_daily(settings)
    await _record_backup(settings, result)
    if result.backup is None:
        print(f"copp: backup failed: {result.problem}", file=sys.stderr)
        return 2
    print(f"{result.backup.manifest.sha256}  {result.backup.path}")
    if result.copy and not result.copy.ok:
        print(f"copp: ALERT: the backup is made, its copy is not: {result.copy.problem}",
              file=sys.stderr)
        return 1
    if result.copy:
        print(f"copied to {settings.backup_copy_dir} and checked")
    return 0


async def _record_backup(settings: Settings, result, to: Path | None = None) -> None:
    """For the dashboard; a database that is not there (the reason the backup failed) is left
    uncreated."""
    from backend.backups import database
    from backend.integrity import status

    url = settings.database
    if database.backend_of(url) == "sqlite" and not database.sqlite_path(url).is_file():
        return
    try:
        async with db.database(url):
            await status.record_backup(result, one_off_dir=to)
    except Exception as exc:  # the backup stands; only its record on the dashboard is missing
        log.warning("backup result not recorded: %s", type(exc).__name__)


async def verify(settings: Settings) -> int:
    """One line per finding, then a summary; exit 1 when anything is found."""
    from backend.integrity import job
    from backend.integrity.verify import summary

    async with db.migrated(settings.database):
        report = await job.run_verify(settings)
    for finding in report.findings:
        print(finding)
    for line in summary(report):
        print(line)
    return 1 if report.findings else 0


async def restore(settings: Settings, path: Path, force: bool) -> int:
    from backend import backups

    try:
        report = await backups.restore(path, settings.database, force=force,
                                       passphrase=settings.passphrase)
    except backups.RestoreError as exc:
        print(f"copp: restore refused: {exc}", file=sys.stderr)
        return 2
    rows = sum(report.counts.values())
    print(f"restored {report.file}: {len(report.counts)} tables, {rows} rows, "
          f"schema {report.schema}")
    for table, (expected, found) in report.differences.items():
        print(f"copp: {table}: {found} rows restored, the manifest says {expected}",
              file=sys.stderr)
    if report.differences:
        return 1
    print("row counts match the manifest")
    if report.migrate_needed:
        print(f"the backup's schema is older than the code's ({report.code_schema}): "
              "run `copp migrate` now")
    return 0


def _without_traceback(record: logging.LogRecord) -> bool:
    """asyncpg logs a traceback every second while PostgreSQL is down: the line will do."""
    if record.exc_info and record.exc_info[1] is not None:
        record.msg = f"{record.msg} ({type(record.exc_info[1]).__name__})"
        record.exc_info = None
    return True


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="copp", description=__doc__)
    commands = cli.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="HTTP service, messenger channels and background worker")
    commands.add_parser("web", help="HTTP service and channels, no background worker")
    commands.add_parser("worker", help="background worker and scheduler only")
    migrate = commands.add_parser("migrate", help="apply database migrations")
    migrate.add_argument("--to", help="target migration, e.g. models.0001_initial")
    migrate.add_argument("--down", action="store_true", help="unapply down to --to")
    chat_cmd = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat_cmd.add_argument("--user", default=getpass.getuser(), help="who you are to the bot")
    admin = commands.add_parser("create-admin", help="create a staff account (first admin)")
    admin.add_argument("--login")
    admin.add_argument("--role", default="admin",
                       choices=["admin", "staff", "teacher", "employer", "contractor"])
    admin.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input")
    commands.add_parser("career-stats", help="reliability of the career test's scales")
    load = commands.add_parser("import", help="import the catalog from CSV or XLSX")
    load.add_argument("what", choices=["programs"])
    load.add_argument("file")
    load.add_argument("--dry-run", action="store_true", help="only list the problems")
    load.add_argument("--create-missing", action="store_true",
                      help="create unknown organizations and competencies")
    dump = commands.add_parser("export", help="export the catalog as CSV or XLSX")
    dump.add_argument("what", choices=["programs"])
    dump.add_argument("file")
    seed = commands.add_parser("seed-demo", help="load demo data (idempotent)")
    seed.add_argument("--reset-demo", action="store_true", help="delete demo rows first")
    save = commands.add_parser("backup", help="back up the database (and copy to the medium)")
    save.add_argument("--to", type=Path,
                      help="write into this directory only: no retention, no copy")
    load_back = commands.add_parser("restore", help="restore the database from a backup")
    load_back.add_argument("file", type=Path)
    load_back.add_argument("--force", action="store_true",
                           help="replace the content of a database that is not empty")
    commands.add_parser("verify", help="check the backups and the journals' hash chains")
    return cli


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"copp: configuration error: {exc}", file=sys.stderr)
        return 2
    logs.configure(settings.log_level, settings.log_format)
    logging.getLogger("asyncpg.pool").addFilter(_without_traceback)
    if args.command in ("run", "web"):
        job = serve(settings, worker=args.command == "run")
    elif args.command == "worker":
        job = work(settings)
    elif args.command == "migrate":
        return asyncio.run(migrate(settings, args.to, args.down))
    elif args.command == "create-admin":
        return asyncio.run(create_admin(settings, args.login, args.role, args.password_stdin))
    elif args.command == "import":
        path = Path(args.file)
        if not path.is_file():
            print(f"copp: no such file: {path}", file=sys.stderr)
            return 2
        from backend.programs.files import MAX_BYTES

        with path.open("rb") as file:  # one byte past the limit is enough to refuse the file
            data = file.read(MAX_BYTES + 1)
        return asyncio.run(import_programs(settings, path, data, args.dry_run,
                                           args.create_missing))
    elif args.command == "export":
        path = Path(args.file)
        path.write_bytes(asyncio.run(export_programs(settings, path.name)))
        return 0
    elif args.command == "backup":
        where = args.to.absolute() if args.to else None  # for the dashboard
        return asyncio.run(backup(settings, args.to, where))
    elif args.command == "restore":
        return asyncio.run(restore(settings, args.file, args.force))
    elif args.command == "verify":
        return asyncio.run(verify(settings))
    elif args.command == "career-stats":
        job = career_stats(settings)
    elif args.command == "chat":
        logging.getLogger().setLevel(logging.WARNING)  # keep the conversation readable
        job = chat(settings, args.user)
    else:
        job = seed_demo(settings, args.reset_demo)
    try:
        asyncio.run(job)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
