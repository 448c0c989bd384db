"""tortoise's SQLite engine, with `execute_script` kept inside an open transaction.

sqlite3's `executescript` COMMITs a pending transaction before it runs the script, so a
migration that called it (as our trigger migrations do) was committed up to that point and
could not roll back. Inside a transaction the script runs here one statement at a time
instead; outside one, as tortoise runs it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from tortoise.backends.base.client import NestedTransactionContext, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
    translate_exceptions,
)

ENGINE = __name__


def statements(script: str) -> Iterator[str]:
    """The statements of a script, each whole (a trigger's body keeps its own semicolons)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                yield pending.strip()
            pending = ""
    if pending.strip(" \t\r\n;"):
        yield pending.strip().removesuffix(";")


class _Transaction(SqliteTransactionWrapper):
    def _in_transaction(self) -> TransactionContext:
        return NestedTransactionContext(_Transaction(self))

    @translate_exceptions
    async def execute_script(self, query: str) -> None:
        async with self.acquire_connection() as connection:
            self.log.debug(query)
            for statement in statements(query):
                await connection.execute(statement)


class Client(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(_Transaction(self), self._lock)


client_class = Client
