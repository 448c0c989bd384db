"""The public site on the real app, a browser-like client for it, and things to sign up for."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from aiohttp.test_utils import TestClient, TestServer

from backend.app import create_app
from backend.models import Event, Municipality, Organization, Program
from backend.settings import Settings
from public_web import create_site

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
HTML = {"Accept": "text/html,application/xhtml+xml"}


async def site_client(store, **settings) -> TestClient:
    config = Settings(site_secret="a-test-key-for-the-site-cookie", **settings)
    client = TestClient(TestServer(create_app(config, store, None, create_site(config, store))))
    await client.start_server()
    return client


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


async def page(client: TestClient, path: str, **headers) -> tuple[int, str]:
    async with client.get(path, headers={**HTML, **headers}) as response:
        return response.status, await response.text()


async def form_token(client: TestClient, path: str) -> str:
    return token_in((await page(client, path))[1])


async def place() -> Municipality:
    return await Municipality.filter(in_public_filters=True).order_by("position").first()


async def make_program(code: str = "WELD-1", title: str = "Сварщик ручной дуговой сварки",
                       **values) -> Program:
    organization, _ = await Organization.get_or_create(name="Котласский электромеханический "
                                                            "техникум (тест)")
    defaults = {"code": code, "title": title, "type": "prof_training", "form": "ochnaya",
                "hours": 160, "price": 0, "free_for": [], "document": "свидетельство",
                "description": "Ручная дуговая сварка плавящимся покрытым электродом.",
                "organization": organization, "municipality": await place(),
                "start_date": date.today() + timedelta(days=20), "status": "published"}
    return await Program.create(**{**defaults, **values})


async def make_event(capacity: int = 10, **values) -> Event:
    starts = values.pop("starts_at", datetime.now(UTC) + timedelta(days=3))
    defaults = {
        "kind": "career_trial", "title": "Профпроба «Сварщик»", "capacity": capacity,
        "starts_at": starts, "ends_at": starts + timedelta(hours=2),
        "registration_deadline": starts - timedelta(hours=3),
        "cancellation_deadline": starts - timedelta(hours=12),
        "venue": "Котлас, ул. Ленина, 1", "status": "published",
        "municipality_id": (await place()).id, "description": "Попробуйте себя в деле.",
    }
    return await Event.create(**{**defaults, **values})


def contact(token: str, municipality_id: int, **extra) -> dict:
    """A resident's form as a person fills it in: a phone typed their own way."""
    return {"csrf_token": token, "full_name": "Анна  Иванова", "phone": "8 (911) 123-45-67",
            "place": str(municipality_id), "consent": "yes", **extra}
