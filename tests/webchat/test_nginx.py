"""The web chat through deploy/nginx/copp.conf, as deployed: the widget and the WebSocket."""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
from pathlib import Path

import aiohttp

from tests.conftest import create_pg_database, drop_pg_database
from tests.deploy.test_nginx import REDIS_URL, pytestmark, site_config, start_nginx
from tests.service import COPP, Service, free_port

__all__ = ["pytestmark"]


async def test_the_widget_and_its_socket_pass_through_nginx():
    url = await create_pg_database()
    directory = Path(tempfile.mkdtemp(prefix="copp-nginx-webchat-"))
    listen, redirect = free_port(), free_port()
    public = f"http://127.0.0.1:{listen}"
    settings = dict(COPP_DATABASE_URL=url, COPP_REDIS_URL=REDIS_URL, COPP_WEBCHAT_CONNECTIONS="1")
    webs = [Service("web", **settings), Service("web", **settings)]
    nginx = None
    try:
        migrate = subprocess.run([COPP, "migrate"], env=webs[0].env, capture_output=True,
                                 text=True, timeout=120)
        assert migrate.returncode == 0, migrate.stderr
        for service in webs:
            await service.start()
        nginx = start_nginx(directory, site_config(directory, listen, redirect,
                                                   [w.port for w in webs]))
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                try:
                    async with http.get(public + "/widget.js") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            async with http.get(public + "/webchat/") as demo:
                assert demo.status == 200 and "script-src 'self'" in demo.headers[
                    "Content-Security-Policy"]
            socket = public.replace("http", "ws") + "/webchat/ws"
            first = await http.ws_connect(socket)
            await first.send_json({"type": "start"})
            assert (await first.receive_json(timeout=10))["type"] == "token"
            greeting = await first.receive_json(timeout=10)
            assert greeting["text"].startswith("Здравствуйте!")
            russian = next(b["data"] for b in greeting["buttons"] if b["text"] == "Русский")
            await first.send_json({"type": "click", "data": russian})
            assert "Согласие" in (await first.receive_json(timeout=10))["text"]
            # One chat per address and instance here. nginx names the address it saw last in
            # X-Forwarded-For, so one a client writes there makes no new address: of three
            # more chats, each claiming another address, at most one (on the other instance)
            # gets in.
            opened, refused = [first], 0
            for n in range(3):
                try:
                    opened.append(await http.ws_connect(
                        socket, headers={"X-Forwarded-For": f"198.51.100.{n + 1}"}))
                except aiohttp.WSServerHandshakeError as exc:
                    assert exc.status == 429
                    refused += 1
            assert len(opened) == 2 and refused == 2
            for ws in opened:
                await ws.close()
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        for service in webs:
            service.stop()
        await drop_pg_database(url)
