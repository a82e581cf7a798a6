"""Declarative base, naming convention and the column types every model shares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, event, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Base of every table; constraint names are fixed so batch migrations can find them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    # Tables that are not audited (the audit trail itself) set this to False.
    __audited__ = True


class Timestamped:
    """Created/updated timestamps in UTC, maintained by the database and the ORM."""

    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )


class Versioned:
    """An optimistic lock (楽観ロック) for records two clerks may edit at once.

    SQLAlchemy adds ``AND version = <the version read>`` to every UPDATE and counts it up, so
    a save over a row another PC changed meanwhile updates nothing and fails (the unit of
    work turns that into 「ほかの端末で先に変更されました」); services also compare the
    version the clerk's screen loaded (``db.conflicts.expect_version``).
    """

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - a declared attribute
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class KeptInSession:
    """A small table read again and again in one unit of work (the society's settings, the
    fiscal years, the items and accounts): a loaded row stays in its session until the
    session ends.

    A session holds its rows weakly, so ``session.get(SocietySettings, 1)`` queried the
    database each time nothing else held the row: a payment batch of 1,000 claims read the
    settings some 2,000 times. Held here, later ``get`` calls come from the identity map.
    """


@event.listens_for(KeptInSession, "load", propagate=True)
def _keep_loaded(target: object, context: Any) -> None:
    session = context.session
    if session is not None:
        session.info.setdefault("kept_rows", []).append(target)
