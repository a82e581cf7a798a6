"""What every use case needs: the open database, who is acting, and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import SYSTEM_ACTOR, Actor, UnitOfWork

__all__ = ["Actor", "AppContext"]


@dataclass(frozen=True)
class AppContext:
    """Handed to every service call; the ui holds one and never sees a Session."""

    database: Database
    actor: Actor = SYSTEM_ACTOR
    clock: Callable[[], dt.date] = field(default=dt.date.today)

    def unit_of_work(self, action: str) -> UnitOfWork:
        return UnitOfWork(self.database, self.actor, action)

    def reader(self) -> Session:
        return self.database.read_session()

    def today(self) -> dt.date:
        return self.clock()

    def display_name(self) -> str:
        return self.database.display_name()
