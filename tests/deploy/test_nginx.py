"""Debian's nginx, configured by deploy/nginx/copp.conf, in front of two `copp web` and one
`copp worker` on PostgreSQL + Redis: webhooks through it, each resident answered once, in order."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from tests.conftest import REDIS_URL, create_pg_database, drop_pg_database
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.service import COPP, Service, free_port

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "copp.conf"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
SECRET = "nginx-test-secret"
RESIDENTS = 40
# What each resident writes, in this order; typed labels count as presses. Out of order, the
# answers differ ("I agree" before "English" is not understood).
SAYS = ["/start", "English", "I agree", "/help"]
ANSWERS = ["Здравствуйте!", "Consent to the processing", "Thank you! Your consent is saved.",
           "Main menu.", "I am the bot of the Center", "Main menu."]

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (`make test` installs Debian's package)")


def site_config(directory: Path, listen: int, redirect: int, upstreams: list[int]) -> Path:
    """The real site file with the test's ports, plain HTTP and paths under `directory`."""
    site = SITE.read_text()
    ports = iter(upstreams)
    site = re.sub(r"server 127\.0\.0\.1:\d+", lambda _: f"server 127.0.0.1:{next(ports)}", site)
    assert next(ports, None) is None, "the site has one upstream line per test instance"
    lines = []
    for line in site.splitlines():
        stripped = line.strip()
        if stripped.startswith(("ssl_", "listen [::]")):
            continue  # TLS, and IPv6 the test machine may not have
        line = line.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{listen};")
        line = line.replace("listen 80;", f"listen 127.0.0.1:{redirect};")
        line = line.replace("/var/log/nginx/", f"{directory}/")
        line = line.replace("/opt/copp/current/", f"{ROOT}/")
        lines.append(line)
    site = "\n".join(lines)
    assert "ssl" not in site.replace("Strict-Transport-Security", ""), site
    temp = "\n".join(f"    {kind}_temp_path {directory}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = directory / "nginx.conf"
    conf.write_text(f"worker_processes 1;\nevents {{ worker_connections 512; }}\nhttp {{\n"
                    f"    include /etc/nginx/mime.types;\n    access_log {directory}/access.log;\n"
                    f"{temp}\n{site}\n}}\n")
    return conf


def start_nginx(directory: Path, conf: Path) -> subprocess.Popen:
    """An unprivileged nginx: as `nobody` when the test runs as root."""
    as_root = os.geteuid() == 0
    if as_root:
        shutil.chown(directory, "nobody", "nogroup")
    with (directory / "nginx.out").open("ab") as out:
        return subprocess.Popen(
            [NGINX, "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log"),
             "-g", f"daemon off; pid {directory}/nginx.pid; error_log {directory}/error.log;"],
            stdout=out, stderr=subprocess.STDOUT,
            user="nobody" if as_root else None, group="nogroup" if as_root else None)


def update(update_id: int, user_id: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text,
        "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "R"}}}


def answered_in_order(fake: FakeTelegram, chat: int) -> bool | None:
    """True: the expected answers, each once, none edited; None: not all there yet."""
    sent = fake.chat(chat)
    if len(sent) < len(ANSWERS):
        return None
    return len(sent) == len(ANSWERS) and all(
        s.text.startswith(a) and s.edits == 0 for s, a in zip(sent, ANSWERS, strict=True))


async def test_webhooks_through_nginx_reach_two_instances_in_order():
    url = await create_pg_database()
    fake = FakeTelegram()
    await fake.start()
    directory = Path(tempfile.mkdtemp(prefix="copp-nginx-"))
    listen, redirect = free_port(), free_port()
    public = f"http://127.0.0.1:{listen}"
    settings = dict(COPP_DATABASE_URL=url, COPP_REDIS_URL=REDIS_URL, COPP_TELEGRAM_TOKEN=TOKEN,
                    COPP_TELEGRAM_API_URL=fake.url, COPP_TELEGRAM_MODE="webhook",
                    COPP_TELEGRAM_WEBHOOK_SECRET=SECRET, COPP_PUBLIC_URL=public)
    webs = [Service("web", **settings), Service("web", **settings)]
    worker = Service("worker", **settings)
    worker.env["COPP_LOG_LEVEL"] = "INFO"
    nginx = None
    try:
        migrate = subprocess.run([COPP, "migrate"], env=webs[0].env, capture_output=True,
                                 text=True, timeout=120)
        assert migrate.returncode == 0, migrate.stderr
        for service in webs:
            await service.start()
        await worker.start(ready_line="worker started")
        nginx = start_nginx(directory, site_config(directory, listen, redirect,
                                                   [w.port for w in webs]))
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                try:
                    async with http.get(public + "/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                assert nginx.poll() is None, (directory / "nginx.out").read_text()
                await asyncio.sleep(0.1)
            else:
                raise AssertionError("nginx did not pass /healthz on")
            assert fake.webhook == {"url": public + "/webhooks/telegram", "secret_token": SECRET}

            async def resident(n: int) -> None:
                """Telegram sends a chat's updates one at a time, the next after a 200."""
                chat = 50_000 + n
                for i, text in enumerate(SAYS):
                    body = json.dumps(update(n * 10 + i, chat, text))
                    async with http.post(public + "/webhooks/telegram", data=body, headers={
                            "X-Telegram-Bot-Api-Secret-Token": SECRET,
                            "Content-Type": "application/json"}) as response:
                        assert response.status == 200, await response.text()

            await asyncio.gather(*(resident(n) for n in range(1, RESIDENTS + 1)))
            chats = [50_000 + n for n in range(1, RESIDENTS + 1)]
            await fake.wait_for(lambda: all(answered_in_order(fake, c) is not None
                                            for c in chats), timeout=60)
            await asyncio.sleep(1)  # and nothing more comes
            wrong = [c for c in chats if not answered_in_order(fake, c)]
            assert not wrong, [(s.text[:40], s.edits) for s in fake.chat(wrong[0])]
            database = await asyncpg.connect(url)
            try:
                statuses = await database.fetch(
                    "SELECT status, COUNT(*) AS n FROM inbox_updates GROUP BY status")
            finally:
                await database.close()
            assert {r["status"]: r["n"] for r in statuses} == {"done": RESIDENTS * len(SAYS)}

            # both instances had a share of the webhooks
            for service in webs:
                async with http.get(service.url + "/metrics") as response:
                    text = await response.text()
                handled = re.search(r'copp_updates_received_total\{channel="telegram"\} (\S+)',
                                    text)
                assert handled and float(handled.group(1)) > 0, text[-2000:]

            async with http.get(public + "/metrics") as response:
                assert response.status == 403
            async with http.get(public + "/metrics",
                                headers={"X-Forwarded-For": "127.0.0.1"}) as response:
                assert response.status == 403
            async with http.get(f"http://127.0.0.1:{redirect}/admin/",
                                allow_redirects=False) as response:
                assert response.status == 301
                assert response.headers["Location"].startswith("https://")
            async with http.get(public + "/admin/static/admin.css") as response:
                assert response.status == 200
                assert "max-age=3600" in response.headers["Cache-Control"]
            async with http.get(public + "/", headers={"Accept": "text/html"}) as response:
                assert response.status == 200 and 'action="/programs"' in await response.text()
            async with http.get(public + "/assets/site.css") as response:
                assert response.status == 200
                assert "max-age=3600" in response.headers["Cache-Control"]
            async with http.post(public + "/webhooks/telegram", data=b"x" * (2 << 20),
                                 headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
                                 ) as response:
                assert response.status == 413
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        logs = [service.stop() for service in (*webs, worker) if service.process]
        await fake.close()
        await drop_pg_database(url)
    for log in logs:
        assert "Traceback" not in log, log[-4000:]
    shutil.rmtree(directory, ignore_errors=True)
