"""Read and write one JSON setting by key in ``setting_values`` (dated or for every year)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import SettingValue
from gojokai_desktop.db.uow import UnitOfWork

# Settings that do not change with the fiscal year are stored as valid from year 0, so the
# same "latest row not after the year" rule finds them for every year.
EVERY_YEAR = 0


def get_setting(
    source: UnitOfWork | Session, key: str, fiscal_year: int | None = None
) -> Any | None:
    """The value of ``key`` in force in ``fiscal_year`` (the newest when None), or None."""
    session = source.session if isinstance(source, UnitOfWork) else source
    query = select(SettingValue.value_json).where(SettingValue.key == key)
    if fiscal_year is not None:
        query = query.where(SettingValue.valid_from_year <= fiscal_year)
    text = session.scalar(query.order_by(SettingValue.valid_from_year.desc()).limit(1))
    return None if text is None else json.loads(text)


def newest_year(source: UnitOfWork | Session, key: str) -> int | None:
    """The latest fiscal year from which ``key`` has a stored value, or None."""
    session = source.session if isinstance(source, UnitOfWork) else source
    year: int | None = session.scalar(
        select(func.max(SettingValue.valid_from_year)).where(SettingValue.key == key)
    )
    return year


def put_setting(
    uow: UnitOfWork, key: str, value: Any, *, valid_from_year: int = EVERY_YEAR
) -> None:
    """Store ``value`` (JSON-serialisable) for ``key`` from ``valid_from_year`` on."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = uow.session.scalar(
        select(SettingValue).where(
            SettingValue.key == key, SettingValue.valid_from_year == valid_from_year
        )
    )
    if row is None:
        uow.session.add(SettingValue(key=key, valid_from_year=valid_from_year, value_json=text))
    elif row.value_json != text:
        row.value_json = text
    uow.session.flush()
