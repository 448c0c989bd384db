"""Admins manage accounts: forms that keep what was typed, one-time passwords, blocking."""

from __future__ import annotations

import re

from backend.models import AuditEvent, Organization, StaffAccount
from tests.panel import make_account, page_token, panel, sign_in, signed_in, url


async def signed_in_admin(mode):
    return await signed_in(mode.store, "boss")


async def test_an_invalid_form_comes_back_with_the_values_and_a_message(mode):
    client = await signed_in_admin(mode)
    token = await page_token(client, url("account_new"))
    async with client.post(url("account_new"), data={
            "csrf_token": token, "login": "Bad Login!", "full_name": "Мария Иванова",
            "role": "staff", "organization": ""}) as response:
        assert response.status == 422
        html = await response.text()
    assert 'value="Bad Login!"' in html and 'value="Мария Иванова"' in html
    assert "латинские буквы" in html
    assert await StaffAccount.filter(full_name="Мария Иванова").count() == 0
    async with client.post(url("account_new"), data={
            "csrf_token": token, "login": "teacher1", "role": "teacher",
            "organization": ""}) as response:
        assert response.status == 422 and "нужна организация" in await response.text()
    await client.close()


async def test_a_new_account_gets_a_one_time_password_it_must_change(mode):
    client = await signed_in_admin(mode)
    college = await Organization.create(name="Архангельский колледж (демо)")
    token = await page_token(client, url("account_new"))
    async with client.post(url("account_new"), data={
            "csrf_token": token, "login": "maria", "full_name": "Мария", "role": "teacher",
            "organization": str(college.id)}) as response:
        html = await response.text()
    password = re.search(r'id="one-time-password">([^<]+)<', html).group(1)
    account = await StaffAccount.get(login="maria")
    assert account.must_change_password and account.organization_id == college.id
    newcomer = await panel(mode.store)
    assert (await sign_in(newcomer, "maria", password)).status == 302
    async with newcomer.get(url("dashboard"), allow_redirects=False) as page:
        assert page.headers["Location"] == url("password")
    assert await AuditEvent.filter(action="account.created", object_id=str(account.id)).exists()
    await client.close()
    await newcomer.close()


async def test_blocking_ends_the_sessions_and_refuses_sign_in(mode):
    client = await signed_in_admin(mode)
    worker = await make_account("anna", "staff")
    other = await panel(mode.store)
    await sign_in(other, "anna")
    token = await page_token(client, url("account", id=worker.id))
    async with client.post(url("account", id=worker.id),
                           data={"csrf_token": token, "action": "block"}) as response:
        assert response.status == 200
    async with other.get(url("dashboard"), allow_redirects=False) as page:
        assert page.status == 302
    assert (await sign_in(other, "anna")).status == 401
    async with client.post(url("account", id=worker.id),
                           data={"csrf_token": token, "action": "unblock"}):
        pass
    assert (await sign_in(other, "anna")).status == 302
    actions = await AuditEvent.filter(object_id=str(worker.id)).values_list("action", flat=True)
    assert actions == ["account.created", "account.blocked", "account.unblocked"]
    await client.close()
    await other.close()


async def test_role_change_needs_an_organization_for_organization_roles(mode):
    client = await signed_in_admin(mode)
    worker = await make_account("anna", "staff")
    token = await page_token(client, url("account", id=worker.id))
    async with client.post(url("account", id=worker.id), data={
            "csrf_token": token, "action": "role", "role": "employer",
            "organization": ""}) as response:
        assert response.status == 422
    assert (await StaffAccount.get(id=worker.id)).role == "staff"
    await client.close()


async def test_reset_password_shows_a_new_one_time_password(mode):
    client = await signed_in_admin(mode)
    worker = await make_account("anna", "staff")
    token = await page_token(client, url("account", id=worker.id))
    async with client.post(url("account", id=worker.id), data={
            "csrf_token": token, "action": "reset_password"}) as response:
        password = re.search(r'id="one-time-password">([^<]+)<', await response.text()).group(1)
    fresh = await panel(mode.store)
    assert (await sign_in(fresh, "anna", password)).status == 302
    assert (await StaffAccount.get(id=worker.id)).must_change_password
    await client.close()
    await fresh.close()
