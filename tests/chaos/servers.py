"""Throw-away PostgreSQL and Redis servers on spare ports, for tests that restart or break them.

The shared servers on 5432 and 6379 are never touched: other test runs may be using them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import asyncpg
from redis import Redis
from redis.exceptions import RedisError

from tests.service import free_port


def _pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return versions[-1].parent


def _as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root; as root, run it as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class LocalPostgres:
    """A cluster of its own in a temporary directory: initdb, start, crash, restart."""

    def __init__(self, max_connections: int = 40) -> None:
        # Not under pytest's tmp_path: that is private to root, and the server runs as postgres.
        self.root = Path(tempfile.mkdtemp(prefix="copp-chaos-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.max_connections = max_connections
        self.bin = _pg_bin()

    @property
    def server(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _run(self, *command: str) -> None:
        subprocess.run(_as_postgres(*command), check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "--data-checksums", "--no-sync", "-E", "UTF8", "--locale", "C")
        self.start()

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   f"-c max_connections={self.max_connections} -c fsync=off")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.root / "server.log"), "-o", options, "-w", "start")

    def stop(self, mode: str = "immediate") -> None:
        """`immediate` is a crash: no checkpoint, recovery from the WAL at the next start."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    async def create_database(self, name: str = "copp") -> str:
        admin = await asyncpg.connect(f"{self.server}/postgres")
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        return f"{self.server}/{name}"

    async def terminate_clients(self, database: str,
                                via: asyncpg.Connection | None = None) -> int:
        """pg_terminate_backend for every connection to `database`; `via` an open
        connection (when no new one can be had)."""
        admin = via or await asyncpg.connect(f"{self.server}/postgres")
        try:
            return len(await admin.fetch(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = $1 AND pid <> pg_backend_pid()", database))
        finally:
            if via is None:
                await admin.close()

    def start_if_stopped(self) -> None:
        status = subprocess.run(_as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data),
                                             "status"), capture_output=True)
        if status.returncode != 0:
            self.start()

    def destroy(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # not running
        shutil.rmtree(self.root, ignore_errors=True)


class LocalRedis:
    """redis-server on a spare port, nothing kept on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root / "redis"
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(self.root)], stdout=log,
                stderr=subprocess.STDOUT)
        client = Redis(port=self.port, socket_connect_timeout=0.2)
        try:
            for _ in range(100):
                try:
                    if client.ping():
                        return
                except RedisError:  # not listening yet
                    time.sleep(0.05)
        finally:
            client.close()
        raise TimeoutError("redis-server did not start")

    def start_if_stopped(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def flush(self) -> None:
        client = Redis(port=self.port)
        try:
            client.flushall()
        finally:
            client.close()

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
