"""Engines and sessions over SQLite (one office PC) or PostgreSQL (several clerk PCs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from gojokai_desktop.db.errors import TranslatingSession
from gojokai_desktop.db.timeouts import (
    CONNECT_TIMEOUT,
    IDLE_IN_TRANSACTION_TIMEOUT,
    LOCK_TIMEOUT,
    STATEMENT_TIMEOUT,
    TCP_GIVE_UP,
)

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    # The books must survive a power cut in a town hall: FULL fsyncs every commit.
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=30000",
)


def postgres_connect_args() -> dict[str, Any]:
    """libpq settings of every connection to a server (timeouts, keepalives, name)."""
    options = " ".join(
        (
            f"-c lock_timeout={LOCK_TIMEOUT * 1000}",
            f"-c statement_timeout={STATEMENT_TIMEOUT * 1000}",
            f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT * 1000}",
        )
    )
    return {
        "connect_timeout": CONNECT_TIMEOUT,
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
        "tcp_user_timeout": TCP_GIVE_UP * 1000,
        "application_name": "gojokai_desktop",
        "options": options,
    }


def _install_sqlite_hooks(engine: Engine, *, begin: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)


class Database:
    """The open database: a writer engine and a reader engine over the same URL.

    On SQLite, writes begin with ``BEGIN IMMEDIATE`` so two writers queue instead of
    failing half-way (gapless numbers stay gapless); reads begin deferred so the screen
    never waits for a long import.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.is_postgres = parsed.get_backend_name() == "postgresql"
        name = parsed.database or ""
        if parsed.query.get("uri") and name.startswith("file:"):
            name = name.removeprefix("file:")  # sqlite:///file:PATH?mode=ro&uri=true
        self.path: Path | None = Path(name) if self.is_sqlite and name else None
        if self.is_sqlite:
            kwargs: dict[str, Any] = {"connect_args": {"timeout": 30, "check_same_thread": False}}
            self.engine = create_engine(url, **kwargs)
            self.read_engine = create_engine(url, **kwargs)
            _install_sqlite_hooks(self.engine, begin="BEGIN IMMEDIATE")
            _install_sqlite_hooks(self.read_engine, begin="BEGIN")
        else:
            self.engine = create_engine(
                url,
                pool_pre_ping=True,
                isolation_level="READ COMMITTED",
                connect_args=postgres_connect_args() if self.is_postgres else {},
            )
            self.read_engine = self.engine
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        # Reads used as ``with ctx.reader() as session`` turn a lost server into a message.
        self._reader = sessionmaker(
            self.read_engine, expire_on_commit=False, class_=TranslatingSession
        )

    def write_session(self) -> Session:
        return self._writer()

    def read_session(self) -> Session:
        return self._reader()

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()

    def display_name(self) -> str:
        """What the status bar shows: the file path, or the server URL without password."""
        if self.path is not None:
            return str(self.path)
        return make_url(self.url).render_as_string(hide_password=True)
