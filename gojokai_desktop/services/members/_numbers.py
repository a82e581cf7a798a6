"""Member numbers (会員番号) from the counters: the person number within the establishment and
the society's serial, each a counter row locked in the writing transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from gojokai_desktop.db.models import NumberCounter
from gojokai_desktop.db.models.members import Affiliation, Member
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.membership import format_member_number, number_placeholders
from gojokai_desktop.services import numbering


class MemberNumbers:
    """Hands out member numbers in one unit of work (one join, or a whole import).

    Only the counters the society's number format uses are taken. Each starts from what the
    database held before the counters (persons ever affiliated with the establishment, members
    in all), and a number already taken (typed by hand, imported) is skipped, so a number is
    never given twice.
    """

    def __init__(self, uow: UnitOfWork, pattern: str, taken: Callable[[str], bool]) -> None:
        self.uow = uow
        self.pattern = pattern
        self.taken = taken
        self.uses = number_placeholders(pattern)
        self._counters: dict[tuple[str, int], NumberCounter] = {}

    def _counter(self, key: str, scope: int, floor: Callable[[], int]) -> NumberCounter:
        found = self._counters.get((key, scope))
        if found is None:
            found = numbering.locked_counter(self.uow, key, scope, floor=floor)
            self._counters[(key, scope)] = found
        return found

    def _persons(self, establishment_id: int) -> NumberCounter:
        session = self.uow.session

        def ever_affiliated() -> int:
            return int(
                session.scalar(
                    select(func.count(func.distinct(Affiliation.member_id))).where(
                        Affiliation.establishment_id == establishment_id
                    )
                )
                or 0
            )

        return self._counter(numbering.MEMBER_PERSON, establishment_id, ever_affiliated)

    def _serial(self) -> NumberCounter:
        session = self.uow.session

        def members() -> int:
            return int(session.scalar(select(func.count()).select_from(Member)) or 0)

        return self._counter(numbering.MEMBER_SERIAL, 0, members)

    def next(self, establishment_id: int, establishment_number: int) -> str:
        """The next free number for a member joining ``establishment_id``."""
        person = self._persons(establishment_id) if "person" in self.uses else None
        serial = self._serial() if "serial" in self.uses else None
        while True:
            if person is not None:
                person.value += 1
            if serial is not None:
                serial.value += 1
            number = format_member_number(
                self.pattern,
                establishment_no=establishment_number,
                person_no=person.value if person is not None else 0,
                serial=serial.value if serial is not None else 0,
            )
            if not self.taken(number):
                return number


def number_taken_in(uow: UnitOfWork) -> Callable[[str], bool]:
    """Whether a member number is in use, read in ``uow``'s transaction."""

    def taken(number: str) -> bool:
        return uow.session.scalar(select(Member.id).where(Member.number == number)) is not None

    return taken
