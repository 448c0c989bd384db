"""Sign-in, lock-out, sessions, CSRF and headers of the admin panel."""

from __future__ import annotations

import asyncio

from admin_web.keys import COOKIE
from admin_web.sessions import PREFIX
from backend.models import AuditEvent, SignInEvent, StaffAccount
from tests.panel import (
    PASSWORD,
    make_account,
    page_token,
    panel,
    sign_in,
    token_in,
    url,
)


async def test_sign_in_starts_a_fresh_session_and_journals_it(mode):
    await make_account("boss")
    client = await panel(mode.store)
    response = await sign_in(client, "boss")
    assert response.status == 302 and response.headers["Location"] == url("dashboard")
    cookie = response.cookies["copp_admin"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    async with client.get(url("dashboard")) as page:
        assert page.status == 200
        assert "Жители" in await page.text()  # the account's language, ru by default
    first = cookie.value
    again = await sign_in(client, "boss")
    assert again.cookies["copp_admin"].value != first  # a new id at every sign-in
    assert await mode.store.get(PREFIX + first) is None
    kinds = await SignInEvent.filter(login="boss").values_list("kind", flat=True)
    assert kinds == ["login_ok", "login_ok"]
    await client.close()


async def test_unknown_login_and_wrong_password_get_the_same_answer(mode):
    await make_account("boss")
    client = await panel(mode.store)
    unknown = await sign_in(client, "nobody")
    wrong = await sign_in(client, "boss", "not-the-password")
    assert unknown.status == wrong.status == 401
    text_unknown, text_wrong = await unknown.text(), await wrong.text()
    assert "Неверный логин или пароль, либо вход временно заблокирован." in text_unknown
    assert text_unknown.split("<main>")[1].replace("nobody", "X") == \
        text_wrong.split("<main>")[1].replace("boss", "X").replace(
            text_wrong.split('name="csrf_token" value="')[1].split('"')[0],
            text_unknown.split('name="csrf_token" value="')[1].split('"')[0])
    assert await SignInEvent.filter(kind="login_failed").count() == 2
    await client.close()


async def test_five_failures_lock_the_account_even_for_the_right_password(mode):
    await make_account("boss")
    client = await panel(mode.store)
    for _ in range(5):
        assert (await sign_in(client, "boss", "wrong-password-1")).status == 401
    locked = await sign_in(client, "boss")
    assert locked.status == 401
    assert await SignInEvent.filter(login="boss", kind="login_locked").count() == 1
    await client.close()


async def test_pages_need_a_session(mode):
    client = await panel(mode.store)
    async with client.get(url("residents"), allow_redirects=False) as page:
        assert page.status == 302
        assert page.headers["Location"] == url("login", {"next": url("residents")})
    async with client.post(url("logout"), allow_redirects=False) as response:
        assert response.status == 401
    await client.close()


async def test_a_post_without_the_csrf_token_is_refused(mode):
    await make_account("boss")
    client = await panel(mode.store)
    await sign_in(client, "boss")
    async with client.post(url("logout"), allow_redirects=False) as response:
        assert response.status == 403
    async with client.post(url("logout"), data={"csrf_token": "forged"},
                           allow_redirects=False) as response:
        assert response.status == 403
    token = await page_token(client)
    async with client.post(url("logout"), data={"csrf_token": token},
                           allow_redirects=False) as response:
        assert response.status == 302
    await client.close()


async def test_sign_in_form_without_its_token_is_refused(mode):
    await make_account("boss")
    client = await panel(mode.store)
    async with client.post(url("login_submit"), data={"login": "boss", "password": PASSWORD},
                           allow_redirects=False) as response:
        assert response.status == 403
    assert await SignInEvent.all().count() == 0
    await client.close()


async def test_security_headers_and_no_store(mode):
    client = await panel(mode.store)
    async with client.get(url("login")) as page:
        headers = page.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # plain HTTP here
    await client.close()
    secure = await panel(mode.store, public_url="https://copp.example.org")
    async with secure.get(url("login")) as page:
        assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert page.cookies["copp_login_csrf"]["secure"]
    admin_app = secure.app._subapps[0]
    assert admin_app[COOKIE] == "__Host-copp_admin"  # HTTPS only, Path=/, no Domain
    await secure.close()


async def test_idle_session_expires(mode):
    await make_account("boss")
    client = await panel(mode.store)
    response = await sign_in(client, "boss")
    session_id = response.cookies["copp_admin"].value
    raw = await mode.store.get(PREFIX + session_id)
    raw["seen"] -= 31 * 60
    await mode.store.set(PREFIX + session_id, raw, 60)
    async with client.get(url("dashboard"), allow_redirects=False) as page:
        assert page.status == 302
    await client.close()


async def test_sign_out_everywhere_ends_other_sessions(mode):
    await make_account("boss")
    laptop, phone = await panel(mode.store), await panel(mode.store)
    await sign_in(laptop, "boss")
    await sign_in(phone, "boss")
    token = await page_token(laptop)
    await laptop.post(url("logout_everywhere"), data={"csrf_token": token})
    async with phone.get(url("dashboard"), allow_redirects=False) as page:
        assert page.status == 302
    assert await SignInEvent.filter(kind="logout_everywhere").count() == 1
    assert await AuditEvent.filter(action="account.sessions_ended").count() == 1
    await laptop.close()
    await phone.close()


async def test_first_sign_in_with_a_one_time_password_must_change_it(mode):
    await make_account("newbie", "staff", must_change_password=True)
    client = await panel(mode.store)
    await sign_in(client, "newbie")
    async with client.get(url("residents"), allow_redirects=False) as page:
        assert page.status == 302 and page.headers["Location"] == url("password")
    token = await page_token(client, url("password"))
    async with client.post(url("password"), data={
            "csrf_token": token, "current": PASSWORD, "new": "short", "repeat": "short"}) as bad:
        assert "Пароль должен быть не короче 12 символов." in await bad.text()
    async with client.post(url("password"), data={
            "csrf_token": token, "current": PASSWORD, "new": PASSWORD, "repeat": PASSWORD}) as r:
        assert "Этот пароль недавно использовался." in await r.text()
    new = "a-brand-new-password"
    async with client.post(url("password"), allow_redirects=False, data={
            "csrf_token": token, "current": PASSWORD, "new": new, "repeat": new}) as done:
        assert done.status == 302
    async with client.get(url("dashboard"), allow_redirects=False) as page:
        assert page.status == 302  # changing the password signed everyone out
    assert (await sign_in(client, "newbie", new)).status == 302
    account = await StaffAccount.get(login="newbie")
    assert not account.must_change_password
    await client.close()


async def test_many_failures_from_one_address_lock_it_out_for_every_login(mode):
    await make_account("boss")
    client = await panel(mode.store)
    for n in range(20):  # a password-spraying run over many logins
        await sign_in(client, f"user{n}", "guess-password-1")
    assert (await sign_in(client, "boss")).status == 401
    assert await SignInEvent.filter(login="boss", kind="login_locked").count() == 1
    await client.close()


async def test_the_interface_language_follows_the_account(mode):
    await make_account("boss")
    client = await panel(mode.store)
    await sign_in(client, "boss")
    async with client.get(url("dashboard")) as page:
        assert "Жители" in await page.text()
    token = await page_token(client)
    await client.post(url("language"), data={"csrf_token": token, "locale": "en",
                                             "back": url("dashboard")})
    async with client.get(url("dashboard")) as page:
        html = await page.text()
    assert "Residents" in html and 'lang="en"' in html
    assert (await StaffAccount.get(login="boss")).locale == "en"
    await client.close()


async def burst(client, attempts: list[tuple[str, str]]) -> list[int]:
    """Every (login, password) posted at once, as a script would; the statuses."""
    async with client.get(url("login")) as page:
        token = token_in(await page.text())

    async def attempt(login: str, password: str) -> int:
        async with client.post(url("login_submit"), allow_redirects=False, data={
                "login": login, "password": password, "csrf_token": token}) as response:
            return response.status

    return list(await asyncio.gather(*(attempt(*pair) for pair in attempts)))


async def test_a_burst_of_guesses_is_locked_out_after_five_failures(mode):
    await make_account("boss")
    client = await panel(mode.store)
    statuses = await burst(client, [("boss", f"wrong-password-{n}") for n in range(29)]
                           + [("boss", PASSWORD)])
    kinds = await SignInEvent.filter(login="boss").values_list("kind", flat=True)
    assert kinds.count("login_failed") == 5
    assert kinds.count("login_locked") == 25 - kinds.count("login_ok")
    assert statuses.count(302) == kinds.count("login_ok")  # only if it came among the first
    assert (await sign_in(client, "boss")).status == 401  # and now the login is locked
    await client.close()


async def test_a_burst_over_many_logins_from_one_address_stops_at_twenty(mode):
    await make_account("boss")
    client = await panel(mode.store)
    await burst(client, [(f"user{n}", "guess-password-1") for n in range(29)]
                + [("boss", PASSWORD)])
    assert await SignInEvent.filter(kind="login_failed").count() == 20
    assert (await sign_in(client, "boss")).status == 401
    await client.close()


async def test_guessing_the_current_password_counts_as_failed_sign_ins(mode):
    await make_account("boss")
    client = await panel(mode.store)
    await sign_in(client, "boss", "wrong-password-1")  # one failure at the door already
    await sign_in(client, "boss")
    token = await page_token(client, url("password"))
    new = "a-brand-new-password"
    for _ in range(3):
        async with client.post(url("password"), data={
                "csrf_token": token, "current": "a-guessed-password", "new": new,
                "repeat": new}) as page:
            assert page.status == 200
            assert "Текущий пароль неверен." in await page.text()
    async with client.post(url("password"), allow_redirects=False, data={
            "csrf_token": token, "current": "a-guessed-password", "new": new,
            "repeat": new}) as locked:  # the fifth failure locks the account
        assert locked.status == 302 and locked.headers["Location"] == url("login", {"locked": "1"})
    async with client.get(url("login", {"locked": "1"})) as page:
        assert "Слишком много неверных паролей: вы вышли из панели" in await page.text()
    async with client.get(url("dashboard"), allow_redirects=False) as page:
        assert page.status == 302  # this session has ended
    kinds = await SignInEvent.filter(login="boss").order_by("id").values_list("kind", flat=True)
    assert kinds == ["login_failed", "login_ok"] + ["password_failed"] * 4
    assert (await sign_in(client, "boss")).status == 401  # locked, even with the password
    assert not await AuditEvent.filter(action="account.password_changed").exists()
    await client.close()
