"""Run `copp` as its own process, as it is deployed, for crash tests and benchmarks."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import aiohttp

COPP = str(Path(sys.executable).parent / "copp")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Service:
    """`copp <command>` with the given COPP_* settings and nothing else from our environment.

    Its output goes to a file, not a pipe: a pipe nobody reads fills up (64 KB) and freezes
    the service at its next log line.
    """

    def __init__(self, command: str = "web", cwd: str | None = None, **settings: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        base = {k: v for k, v in os.environ.items() if not k.startswith("COPP_")}
        self.env = {**base, "COPP_HTTP_PORT": str(self.port), "COPP_LOG_LEVEL": "WARNING",
                    **settings}
        self.command, self.cwd = command, cwd
        self.process: subprocess.Popen | None = None
        handle, name = tempfile.mkstemp(prefix=f"copp-{command}-", suffix=".log")
        os.close(handle)
        self.log = Path(name)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    async def start(self, timeout: float = 30, ready_line: str | None = None) -> None:
        """Start, and wait until /healthz answers 200 (or, for a process without HTTP such as
        `copp worker`, until it logs `ready_line`)."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([COPP, self.command], env=self.env, cwd=self.cwd,
                                            stdout=log, stderr=subprocess.STDOUT)
        async with aiohttp.ClientSession() as http:
            for _ in range(int(timeout * 10)):
                if self.process.poll() is not None:
                    raise RuntimeError(f"copp exited: {self.output()[-4000:]}")
                if ready_line is not None:
                    if ready_line in self.output():
                        return
                else:
                    try:
                        async with http.get(self.url + "/healthz") as response:
                            if response.status == 200:
                                return
                    except aiohttp.ClientError:
                        pass
                await asyncio.sleep(0.1)
        raise TimeoutError("copp did not become ready")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no draining; what the inbox is for."""
        self.process.kill()
        self.process.wait()

    def stop(self) -> str:
        """SIGTERM, wait for a clean exit; what it logged."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        return self.output()
