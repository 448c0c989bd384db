"""What a stranger trying the site ran into: each test walks their path from the browser."""

from __future__ import annotations

import re

from tests.site.helpers import contact, form_token, make_event, make_program, place, site_client

FORM = re.compile(r'<form method="post" action="([^"]+)" id="signup"')


async def test_after_a_failed_form_the_phone_lands_on_the_errors_not_the_top(mode):
    await make_program()
    event = await make_event()
    where = await place()
    client = await site_client(mode.store)
    for path in ("/programs/WELD-1", f"/events/{event.id}"):
        token = await form_token(client, path)
        async with client.post(path + "#signup", data=contact(token, where.id, phone="12")) as r:
            html = await r.text()
        assert r.status == 422
        assert FORM.search(html).group(1) == path + "#signup", "the form sends back to itself"
        form = html[html.index('id="signup"'):]
        assert form.index("Поправьте") < form.index('name="full_name"'), \
            "the summary opens the form the browser lands on"
    await client.close()
