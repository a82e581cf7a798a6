"""PostgreSQL for the tests: one switch, a migrated template, a fresh database per test.

``GOJOKAI_TEST_POSTGRES_URL`` names a server and a database the tests may connect to as a
user allowed to create databases (``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``).
The template is migrated once per run; each test gets ``CREATE DATABASE … TEMPLATE``, a file
copy on the server that takes a few tens of milliseconds, and the database is dropped after it.
"""

from __future__ import annotations

import itertools
import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

POSTGRES_URL_ENV = "GOJOKAI_TEST_POSTGRES_URL"
POSTGRES_URL = os.environ.get(POSTGRES_URL_ENV, "")


class PostgresServer:
    """Makes and drops the test databases on the server of ``url``."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        # Names carry the process and a random part: runs sharing a server never meet.
        self.prefix = f"gojokai_t{os.getpid()}_{uuid.uuid4().hex[:6]}_"
        self.template = self.prefix + "template"
        self._numbers = itertools.count(1)
        self._execute(f'CREATE DATABASE "{self.template}"')
        if migrate:
            from gojokai_desktop.db.engine import Database
            from gojokai_desktop.db.migrate import upgrade

            database = Database(self.url_of(self.template))
            try:
                upgrade(database, None)
            finally:
                database.dispose()

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def fresh_database(self) -> str:
        """A new database copied from the migrated template; returns its URL."""
        name = f"{self.prefix}{next(self._numbers)}"
        # WAL_LOG (PostgreSQL 15's default) copies the small template in about 0.1 s; FILE_COPY
        # waits for two checkpoints and took three times as long.
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.url_of(name)

    def empty_database(self) -> str:
        """A new database without any table (restore targets)."""
        name = f"{self.prefix}{next(self._numbers)}"
        self._execute(f'CREATE DATABASE "{name}"')
        return self.url_of(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        with self.admin.connect() as connection:
            names = connection.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :prefix"),
                {"prefix": self.prefix.replace("_", r"\_") + "%"},
            ).scalars()
            for name in list(names):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()
