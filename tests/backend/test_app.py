"""The HTTP service itself: health, the privacy text, headers."""

from aiohttp.test_utils import TestClient, TestServer

from backend.app import create_app
from backend.settings import Settings
from backend.store import MemoryStore


class BrokenStore(MemoryStore):
    async def ping(self) -> bool:
        raise ConnectionError("redis is down")


async def client_for(store) -> TestClient:
    client = TestClient(TestServer(create_app(Settings(), store)))
    await client.start_server()
    return client


async def test_health_reports_database_and_store(mode):
    client = await client_for(mode.store)
    async with client.get("/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok", "database": "ok", "store": "ok"}
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    await client.close()


async def test_health_says_degraded_when_the_store_is_down(mode):
    client = await client_for(BrokenStore())
    async with client.get("/healthz") as response:
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
