"""`copp` as an operator uses it, on the embedded default (no database or Redis configured)."""

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.service import Service

COPP = str(Path(sys.executable).parent / "copp")


def embedded_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPP_")}
    return {**env, **extra}


@pytest.mark.parametrize("variables, named", [
    ({"COPP_HTTP_PORT": "eighty"}, "COPP_HTTP_PORT"),
    ({"COPP_HTTP_PORT": "70000"}, "COPP_HTTP_PORT"),
    ({"COPP_VK_MODE": "push"}, "COPP_VK_MODE"),
    ({"COPP_DATABASE_URL": "mysql://x"}, "COPP_DATABASE_URL"),
    ({"COPP_TELEGRAM_TOKEN": "1:x", "COPP_TELEGRAM_MODE": "webhook"}, "COPP_PUBLIC_URL"),
    ({"COPP_TELEGRAM_TOKEN": "1:x", "COPP_TELEGRAM_MODE": "webhook",
      "COPP_PUBLIC_URL": "https://bot.example.org"}, "COPP_TELEGRAM_WEBHOOK_SECRET"),
    ({"COPP_VK_TOKEN": "t"}, "COPP_VK_GROUP_ID"),
    ({"COPP_VK_TOKEN": "t", "COPP_VK_GROUP_ID": "1", "COPP_VK_MODE": "callback"},
     "COPP_VK_SECRET"),
    ({"COPP_DEFAULT_LOCALE": "de"}, "COPP_DEFAULT_LOCALE"),
])
def test_a_bad_setting_stops_start_up_with_one_line_naming_it(variables, named, tmp_path):
    result = subprocess.run([COPP, "run"], env=embedded_env(**variables), cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], result.stderr


def test_chat_in_the_terminal_reaches_the_main_menu(tmp_path):
    script = "1\n1\n/help\n/mydata\n/quit\n"
    result = subprocess.run([COPP, "chat", "--user", "anna"], input=script, text=True,
                            env=embedded_env(), cwd=tmp_path, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1] Русский   [2] English" in out
    assert "Главное меню. Что хотите сделать?" in out
    assert "/mydata — что мы о вас знаем, ваше согласие" in out
    assert "Аккаунт: терминал, id anna" in out
    assert (tmp_path / "data" / "copp.sqlite3").exists()


def test_seed_demo_is_idempotent(tmp_path):
    def seed() -> dict:
        result = subprocess.run([COPP, "seed-demo"], env=embedded_env(), cwd=tmp_path,
                                capture_output=True, text=True, timeout=60, check=True)
        return json.loads(result.stdout.strip().splitlines()[-1])

    first, again = seed(), seed()
    assert (first["residents_created"], first["programs_created"], first["events_created"],
            first["surveys_created"]) == (60, 122, 15, 2)
    assert (again["residents_created"], again["programs_created"], again["events_created"],
            again["surveys_created"]) == (0, 0, 0, 0)
    assert first["applications_created"] > 30 and first["registrations_created"] > 10
    assert again["applications_created"] == again["registrations_created"] == 0


def test_registering_for_an_event_in_the_terminal_saves_the_ticket(tmp_path):
    subprocess.run([COPP, "seed-demo"], env=embedded_env(), cwd=tmp_path, capture_output=True,
                   timeout=60, check=True)
    script = ("1\n1\n/events\n3\n1\n1\nАнна Иванова\n89115551234\nКотлас\n9 класс\n1\n"
              "/quit\n")  # the third coming demo event is the welding trial, for 14–17
    result = subprocess.run([COPP, "chat", "--user", "anna"], input=script, text=True,
                            env=embedded_env(), cwd=tmp_path, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Вы записаны!" in result.stdout
    assert "Профпроба «Сварщик»: первый шов (демо)\nКогда:" in result.stdout
    files = tmp_path / "data" / "chat-files" / "anna"
    assert (files / "ticket.png").read_bytes().startswith(b"\x89PNG")
    assert "BEGIN:VEVENT" in (files / "event.ics").read_text()
    assert "📎 data/chat-files/anna/ticket.png" in result.stdout


def test_finding_and_applying_in_the_terminal(tmp_path):
    subprocess.run([COPP, "seed-demo"], env=embedded_env(), cwd=tmp_path, capture_output=True,
                   timeout=60, check=True)
    script = ("1\n1\n/courses\nэлектрогазосварщик\n1\n1\n34\nАнна Иванова\n"
              "+7 911 555-12-34\nКотлас\n1\n/mydata\n/quit\n")
    result = subprocess.run([COPP, "chat", "--user", "anna"], input=script, text=True,
                            env=embedded_env(), cwd=tmp_path, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Отправить заявку на «Электрогазосварщик»?" in result.stdout
    assert re.search(r"Заявка № \d+ отправлена", result.stdout)  # demo ones came before
    assert "Телефон: +79115551234" in result.stdout  # /mydata shows what is held


async def test_run_starts_on_the_embedded_default_and_stops_cleanly(tmp_path):
    service = Service("run", cwd=str(tmp_path))
    try:
        await service.start()
        with urllib.request.urlopen(service.url + "/healthz") as response:
            assert json.loads(response.read()) == {"status": "ok"}
        with urllib.request.urlopen(service.url + "/readyz") as response:
            assert json.loads(response.read()) == {"status": "ready", "database": "ok",
                                                   "store": "ok", "migrations": "ok"}
        with urllib.request.urlopen(service.url + "/privacy?lang=en") as response:
            assert b"Consent to the processing of personal data" in response.read()
    finally:
        output = service.stop()
    assert service.process.returncode == 0, output
    assert "in-process store, run a single process only" in output
    assert "Traceback" not in output


async def test_json_log_lines_and_metrics_of_a_running_service(tmp_path):
    service = Service("web", cwd=str(tmp_path), COPP_LOG_FORMAT="json")
    try:
        await service.start()
        with urllib.request.urlopen(service.url + "/metrics") as response:  # from 127.0.0.1
            assert response.headers["Content-Type"].startswith("text/plain; version=")
            text = response.read().decode()
        assert 'copp_dependency_errors_total{dependency="database"} 0.0' in text
        request = urllib.request.Request(service.url + "/metrics",
                                         headers={"X-Forwarded-For": "203.0.113.9"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request)
        assert refused.value.code == 403
    finally:
        output = service.stop()
    assert service.process.returncode == 0, output
    lines = [json.loads(line) for line in output.splitlines()]
    assert any(line["message"].startswith("COPP_REDIS_URL is not set") for line in lines)
    assert all(set(line) >= {"time", "level", "logger", "message"} for line in lines)


async def test_a_new_admin_is_created_and_signs_in_on_a_fresh_data_directory(tmp_path):
    create = subprocess.run([COPP, "create-admin", "--login", "first.admin", "--role", "admin",
                             "--password-stdin"], input="a-strong-first-password\n", text=True,
                            env=embedded_env(), cwd=tmp_path, capture_output=True, timeout=60)
    assert create.returncode == 0, create.stderr
    assert "first.admin (admin) created" in create.stdout
    weak = subprocess.run([COPP, "create-admin", "--login", "second", "--password-stdin"],
                          input="short\n", text=True, env=embedded_env(), cwd=tmp_path,
                          capture_output=True, timeout=60)
    assert weak.returncode == 2 and "12" in weak.stderr
    service = Service("run", cwd=str(tmp_path))
    base = service.url
    try:
        await service.start()
        jar = urllib.request.HTTPCookieProcessor()
        opener = urllib.request.build_opener(jar, NoRedirect())
        page = opener.open(base + "/admin/login").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"login": "first.admin", "csrf_token": token,
                                       "password": "a-strong-first-password"}).encode()
        try:
            opener.open(base + "/admin/login", data=form)
            raise AssertionError("expected a redirect after signing in")
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 302 and redirect.headers["Location"] == "/admin/"
        dashboard = opener.open(base + "/admin/").read().decode()
        assert "first.admin" in dashboard and "Журнал входов" in dashboard
    finally:
        service.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_career_stats_prints_each_scale(tmp_path):
    subprocess.run([COPP, "migrate"], env=embedded_env(), cwd=tmp_path, check=True,
                   capture_output=True, timeout=60)
    result = subprocess.run([COPP, "career-stats"], env=embedded_env(), cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == list("RIASEC")
    assert lines[0].startswith("R  n=0  alpha=—  items: #1: —")


def test_import_and_export_programs_from_the_command_line(tmp_path):
    from tests.programs.test_import import GOOD, csv_file

    source = tmp_path / "catalog.csv"
    source.write_bytes(csv_file(GOOD[0], GOOD[1].replace(",72,", ",8,")))
    bad = subprocess.run([COPP, "import", "programs", str(source), "--create-missing"],
                         env=embedded_env(), cwd=tmp_path, capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode == 1
    assert "catalog.csv:3: hours: по закону у такой программы не меньше 16 часов" in bad.stdout
    source.write_bytes(csv_file(*GOOD))
    dry = subprocess.run([COPP, "import", "programs", str(source), "--dry-run"],
                         env=embedded_env(), cwd=tmp_path, capture_output=True, text=True,
                         timeout=60)
    assert dry.returncode == 1 and "нет такой организации" in dry.stdout
    good = subprocess.run([COPP, "import", "programs", str(source), "--create-missing"],
                          env=embedded_env(), cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert good.returncode == 0, good.stdout + good.stderr
    assert json.loads(good.stdout.splitlines()[-1])["created"] == 2
    exported = tmp_path / "out.xlsx"
    subprocess.run([COPP, "export", "programs", str(exported)], env=embedded_env(),
                   cwd=tmp_path, check=True, capture_output=True, timeout=60)
    assert exported.read_bytes().startswith(b"PK")
    missing = subprocess.run([COPP, "import", "programs", "nope.csv"], env=embedded_env(),
                             cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_import_refuses_oversized_files_and_counts_problems_past_100(tmp_path):
    from tests.programs.test_import import GOOD, csv_file, too_many_rows, xlsx_bomb

    def load(name: str, data: bytes) -> subprocess.CompletedProcess:
        (tmp_path / name).write_bytes(data)
        return subprocess.run([COPP, "import", "programs", name, "--create-missing"],
                              env=embedded_env(), cwd=tmp_path, capture_output=True,
                              text=True, timeout=120)

    big = load("big.csv", too_many_rows())
    assert big.returncode == 2
    assert big.stderr.strip() == "copp: В файле больше 10000 строк. Разделите его на части."
    bomb = load("bomb.xlsx", xlsx_bomb())
    assert bomb.returncode == 2 and "больше 24 МБ" in bomb.stderr
    rows = [GOOD[0].replace("WELD-1", f"W-{n}").replace(",320,", ",0,") for n in range(150)]
    bad = load("bad.csv", csv_file(*rows))
    lines = bad.stdout.strip().splitlines()
    assert bad.returncode == 1 and len(lines) == 102
    assert lines[99].startswith("bad.csv:101: hours:") and lines[100] == "…и ещё 50 ошибок."
    assert json.loads(lines[101])["problems"] == 150


def test_export_programs_keeps_formulas_out(tmp_path):
    from tests.programs.test_import import hostile_catalog
    from tests.spreadsheets import formulas_in_csv, formulas_in_xlsx

    (tmp_path / "hostile.csv").write_bytes(hostile_catalog())
    subprocess.run([COPP, "import", "programs", "hostile.csv", "--create-missing"],
                   env=embedded_env(), cwd=tmp_path, check=True, capture_output=True,
                   timeout=60)
    for name, formulas in (("out.csv", formulas_in_csv), ("out.xlsx", formulas_in_xlsx)):
        subprocess.run([COPP, "export", "programs", name], env=embedded_env(), cwd=tmp_path,
                       check=True, capture_output=True, timeout=60)
        body = (tmp_path / name).read_bytes()
        assert b"EVIL-1" in body or name.endswith(".xlsx")
        assert formulas(body) == [], name
