"""The HTTP service itself: health, the privacy text, headers."""

from aiohttp.test_utils import TestClient, TestServer

from admin_web import create_admin_app
from backend.app import create_app
from backend.settings import Settings
from backend.store import MemoryStore
from bots.telegram.channel import WEBHOOK_PATH, TelegramChannel
from dialogs import REGISTRY
from dialogs.engine import Engine
from tests.fakes.telegram import TOKEN


class BrokenStore(MemoryStore):
    async def ping(self) -> bool:
        raise ConnectionError("redis is down")


async def client_for(store) -> TestClient:
    client = TestClient(TestServer(create_app(Settings(), store)))
    await client.start_server()
    return client


async def test_health_says_alive_without_asking_the_database_or_the_store(mode):
    client = await client_for(BrokenStore())
    async with client.get("/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok"}
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    await client.close()


async def test_ready_reports_database_store_and_migrations(mode):
    client = await client_for(mode.store)
    async with client.get("/readyz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ready", "database": "ok", "store": "ok",
                                         "migrations": "ok"}
    await client.close()


async def test_not_ready_when_the_store_is_down(mode):
    client = await client_for(BrokenStore())
    async with client.get("/readyz") as response:
        assert response.status == 503
        assert (await response.json())["store"] == "unavailable"
    await client.close()


async def test_privacy_text_in_both_languages_and_bad_language_refused(mode):
    client = await client_for(mode.store)
    async with client.get("/privacy") as response:
        text = await response.text()
        assert text.startswith("Согласие на обработку персональных данных")
        assert "Редакция 2026-11-28" in text
    async with client.get("/privacy?lang=en") as response:
        assert (await response.text()).startswith("Consent to the processing")
    async with client.get("/privacy?lang=xx") as response:
        assert response.status == 400
    async with client.get("/admin/nothing-here") as response:
        assert response.status == 404
    await client.close()


def test_settings_come_from_a_dotenv_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("COPP_HTTP_PORT", "COPP_DEFAULT_LOCALE"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text("COPP_HTTP_PORT=9191\nCOPP_DEFAULT_LOCALE=en\n")
    settings = Settings.from_env()
    assert (settings.http_port, settings.default_locale) == (9191, "en")
    assert settings.database == "sqlite://data/copp.sqlite3" and settings.embedded


BROWSER_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                   "Referrer-Policy": "no-referrer"}


async def test_every_response_carries_the_browser_headers_errors_too(pg):
    settings = Settings(telegram_token=TOKEN, telegram_mode="webhook",
                        telegram_webhook_secret="s3cr3t", public_url="http://127.0.0.1:1")
    store = MemoryStore()
    app = create_app(settings, store, create_admin_app(settings, store))
    channel = TelegramChannel(settings, Engine(store, REGISTRY), store, REGISTRY)
    app.router.add_post(WEBHOOK_PATH, channel.webhook)

    async def broken(request):
        raise RuntimeError("a bug")

    app.router.add_get("/broken", broken)
    client = TestClient(TestServer(app))
    await client.start_server()
    secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cr3t"}
    requests = [("GET", "/nothing-here", {}, None, 404), ("POST", "/healthz", {}, None, 405),
                ("GET", "/api/v1/programs?limit=0", {}, None, 400),
                ("GET", "/api/v1/programs/NO-SUCH", {}, None, 404),
                ("POST", WEBHOOK_PATH, secret, b"x" * (2 * 1024 * 1024), 413),
                ("POST", WEBHOOK_PATH, {}, b"{}", 401), ("GET", "/broken", {}, None, 500)]
    for method, path, headers, body, status in requests:
        async with client.request(method, path, headers=headers, data=body) as response:
            assert response.status == status, path
            for name, value in BROWSER_HEADERS.items():
                assert response.headers.get(name) == value, (path, status, name)
    for path in ["/admin/login", "/admin/nothing-here", "/admin/residents"]:
        async with client.get(path, allow_redirects=False) as response:
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
            for name, value in BROWSER_HEADERS.items():
                assert response.headers.get(name) == value, (path, name)
    await channel.bot.session.close()
    await client.close()
