"""The member list: every row loaded once, then searched and filtered in memory per keystroke.

A keystroke does not scan every row: :class:`SearchIndex`, built with the rows, lists for each
character the rows whose search key holds it, so only the rows holding the typed text's rarest
character are looked at (a few hundred of 50,000 for a name) and then checked exactly as the
scan checks them, so the index changes how fast, never what is found.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from operator import add, itemgetter
from typing import Any, NamedTuple

from sqlalchemy import func, select

from gojokai_desktop.db.models.members import Establishment, Member
from gojokai_desktop.domain.age import age_on
from gojokai_desktop.domain.fiscal import APRIL_START, FiscalCalendar
from gojokai_desktop.domain.kana import kana_row, normalize_for_search
from gojokai_desktop.services import collection
from gojokai_desktop.services.context import AppContext

#: Age bands offered by the list filter: (label, lowest age, highest age inclusive).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("〜29歳", 0, 29),
    ("30〜39歳", 30, 39),
    ("40〜49歳", 40, 49),
    ("50〜59歳", 50, 59),
    ("60〜64歳", 60, 64),
    ("65歳〜", 65, 200),
)
STATUSES = ("present", "former", "all")
_DIGIT_RUNS = re.compile(r"[0-9]{2,}")


class MemberListRow(NamedTuple):
    """One member in the list; ``search_key`` is what the search box is matched against.

    A named tuple rather than a frozen dataclass: just as immutable, and 50,000 of them are
    built in a fifth of the time, which the list's one-second budget needs.
    """

    id: int
    number: str
    name: str
    name_kana: str
    sex: str | None
    birth_date: dt.date | None
    establishment_id: int
    establishment_number: int
    establishment_name: str
    employment_type: str
    dues_class: str
    join_date: dt.date
    leave_date: dt.date | None
    leave_reason: str | None
    postal_code: str
    address: str
    phone: str
    search_key: str
    kana_row: str


@dataclass(frozen=True)
class MemberQuery:
    """The list's search box, kana index button and filters."""

    text: str = ""
    kana_row: str = ""
    establishment_id: int | None = None
    status: str = "present"
    age_band: int | None = None
    join_fiscal_year: int | None = None


def load_member_rows(ctx: AppContext, *, include_former: bool = True) -> list[MemberListRow]:
    """Every member (present, and former unless told not to) ordered by kana, then number.

    The search key joins number, name, kana, establishment and phone digits (normalised, so
    hiragana, half-width and spaced input all match); ``kana_search`` is already normalised,
    and establishment keys and index rows are computed once each, which keeps 50,000 rows
    well under a second.
    """
    return _load(ctx, include_former=include_former)[0]


def load_register(ctx: AppContext) -> tuple[list[MemberListRow], tuple[int, str]]:
    """Every member, as :func:`load_member_rows`, with the :func:`register_stamp` of the
    same reading (no second pass over the members for it)."""
    return _load(ctx, include_former=True)


def _load(ctx: AppContext, *, include_former: bool) -> tuple[list[MemberListRow], tuple[int, str]]:
    query = (
        select(
            Member.id, Member.number, Member.name, Member.name_kana, Member.sex,
            Member.birth_date, Member.establishment_id, Establishment.number,
            Establishment.name, Member.employment_type, Member.dues_class, Member.join_date,
            Member.leave_date, Member.leave_reason, Member.postal_code, Member.address,
            Member.phone, Member.kana_search, Member.updated_at,
        )
        .join(Establishment, Member.establishment_id == Establishment.id)
    )  # fmt: skip
    if not include_former:
        query = query.where(Member.leave_date.is_(None))
    est_keys: dict[int, str] = {}
    rows_of: dict[str, str] = {}
    # The driver makes a new object for every value; the values many members share (their
    # establishment, classes, dates) are kept once each: a fifth less memory at 50,000.
    shared: dict[Any, Any] = {}
    made: list[tuple[str, MemberListRow]] = []
    latest: Any = None
    # A million objects made at once and none of them garbage: no collection meanwhile.
    with collection.paused(), ctx.reader() as session:
        # A few thousand driver rows at a time: their memory is reused by the next ones
        # rather than all 50,000 held at once beside the list being made.
        for part in session.connection().execute(query).partitions(5_000):
            made += _list_rows(part, est_keys, rows_of, shared.setdefault)
            last = max(map(_UPDATED, part))
            latest = last if latest is None or last > latest else latest
        # Sorting here is cheaper than ORDER BY on the joined rows (no index covers it).
        made.sort(key=itemgetter(0))
        return [row for _key, row in made], (len(made), str(latest))


_UPDATED = itemgetter(18)


def _list_rows(
    part: Sequence[Any],
    est_keys: dict[int, str],
    rows_of: dict[str, str],
    one: Callable[[Any, Any], Any],
) -> list[tuple[str, MemberListRow]]:
    """The list rows of some driver rows, each with its sort key: kana, then number (one
    text, NUL between them, compares as the pair would and sorts in a third of the time)."""
    rows = []
    for r in part:
        est_key = est_keys.get(r[6])
        if est_key is None:
            est_key = est_keys[r[6]] = normalize_for_search(r[8])
        kana_key: str = r[17]
        row_of = rows_of.get(kana_key[:1])
        if row_of is None:
            row_of = rows_of[kana_key[:1]] = kana_row(kana_key[:1])
        person = normalize_for_search(f"{r[1]}|{r[2]}")
        # Kana is matched from the start of the whole reading or of a word of it ("^" marks
        # those starts), so やまだ finds ヤマダ タロウ but not マルヤマ ダイスケ.
        starts = "|^".join((kana_key, *r[3].split()))
        key = f"{person}|^{starts}|{est_key}|{r[16].replace('-', '')}"
        row = MemberListRow(
            r[0], r[1], r[2], r[3], one(r[4], r[4]), one(r[5], r[5]), r[6],
            one(r[7], r[7]), one(r[8], r[8]), one(r[9], r[9]), one(r[10], r[10]),
            one(r[11], r[11]), one(r[12], r[12]), one(r[13], r[13]), one(r[14], r[14]),
            r[15], r[16], key, row_of,
        )  # fmt: skip
        rows.append((f"{kana_key}\0{r[1]}", row))
    return rows


def _features(text: str) -> set[str]:
    """What the index lists rows by: each character, and each pair of adjacent digits (a
    number or phone search would otherwise look at nearly every row for its first digits)."""
    found = set(text)
    for run in _DIGIT_RUNS.findall(text):
        found.update(map(add, run, run[1:]))
    return found


class SearchIndex:
    """For every character (and pair of digits), the positions of the rows whose search key
    holds it, kept apart for present and former members (the list's status filter).

    Built once per load (a third of a second for 50,000 rows, about 6 MB); when the rows are
    re-sorted, :meth:`follow` maps the positions onto the new order instead of building again.
    The rows themselves never change while an index is in use: a reload builds a new one.
    """

    def __init__(self, rows: Sequence[MemberListRow]) -> None:
        # Straight into arrays: lists first would hold three times the memory meanwhile.
        present: dict[str, array[int]] = {}
        former: dict[str, array[int]] = {}
        for position, row in enumerate(rows):
            lists = present if row.leave_date is None else former
            for char in _features(row.search_key):
                found = lists.get(char)
                if found is None:
                    lists[char] = array("i", (position,))
                else:
                    found.append(position)
        self._postings = {"present": present, "former": former}
        self._ids = array("q", (row.id for row in rows))
        self._keys = [row.search_key for row in rows]
        #: Position now of the row loaded at each position (None while the order is as loaded).
        self._moved: array[int] | None = None
        self._count = {
            "present": sum(1 for row in rows if row.leave_date is None),
            "former": sum(1 for row in rows if row.leave_date is not None),
        }

    def follow(self, rows: Sequence[MemberListRow]) -> None:
        """The same rows in another order (the list was sorted by another column)."""
        where = {row.id: position for position, row in enumerate(rows)}
        moved = array("i", (where[member_id] for member_id in self._ids))
        self._moved = None if all(p == i for i, p in enumerate(moved)) else moved
        self._keys = [row.search_key for row in rows]

    def _lists(self, char: str, status: str) -> list[array[int]]:
        statuses = ("present", "former") if status == "all" else (status,)
        return [self._postings[s][char] for s in statuses if char in self._postings[s]]

    def rarest(self, needles: Sequence[str], status: str) -> int:
        """How many rows of the status hold the rarest character of the needles."""
        every = sum(self._count.get(s, 0) for s in ("present", "former") if status in (s, "all"))
        counts = [sum(map(len, self._lists(c, status))) for n in needles for c in _features(n)]
        return min(counts, default=every)

    def candidates(self, needles: Sequence[str], status: str) -> tuple[list[int], str]:
        """Ascending positions of the rows of the status (present, former or all) holding
        the rarest character of all the needles, and that character."""
        best: list[array[int]] | None = None
        best_char = ""
        for needle in needles:
            for char in _features(needle):
                lists = self._lists(char, status)
                if best is None or sum(map(len, lists)) < sum(map(len, best)):
                    best, best_char = lists, char
        positions: list[int] = []
        for found in best or ():
            positions += found.tolist()
        if self._moved is not None:
            moved = self._moved
            positions = [moved[p] for p in positions]
            positions.sort()
        elif len(best or ()) > 1:
            positions.sort()  # present and former merged: two sorted runs
        return positions, best_char

    def holding(self, kept: Sequence[int], needle: str) -> list[int]:
        """The positions of ``kept`` whose search key holds ``needle`` (the scan's check)."""
        keys = self._keys
        return [i for i in kept if needle in keys[i]]


def register_stamp(ctx: AppContext) -> tuple[int, str]:
    """Changes whenever a member is added, changed or removed (count and last update), so a
    page can tell cheaply whether its loaded rows are stale."""
    with ctx.reader() as session:
        count, last = session.execute(
            select(func.count(), func.max(Member.updated_at)).select_from(Member)
        ).one()
    return int(count), str(last)


def _search_word(text: str) -> str:
    """The needle for one typed word: kana must start a reading (``^``), anything else may
    appear anywhere (a number, part of a name in kanji, an establishment, phone digits)."""
    word = normalize_for_search(text)
    if word and all("ァ" <= c <= "ヺ" or c == "ー" for c in word):
        return "^" + word
    return word


def _in_band(birth: dt.date | None, band: tuple[str, int, int], today: dt.date) -> bool:
    return birth is not None and band[1] <= age_on(birth, today) <= band[2]


def search_needles(text: str) -> list[str]:
    """What each typed word must find in a row's search key (see :func:`_search_word`)."""
    return [n for n in (_search_word(w) for w in text.split()) if n]


def narrows(before: MemberQuery, after: MemberQuery) -> bool:
    """True when every row ``after`` keeps was kept by ``before`` (the clerk typed on), so
    the next keystroke need only look at the rows shown now."""
    if replace(before, text="") != replace(after, text=""):
        return False
    old, new = search_needles(before.text), search_needles(after.text)
    return len(new) >= len(old) and all(o in n for o, n in zip(old, new, strict=False))


def filter_member_rows(
    rows: Sequence[MemberListRow],
    query: MemberQuery,
    today: dt.date,
    calendar: FiscalCalendar = APRIL_START,
    *,
    within: Sequence[int] | None = None,
    index: SearchIndex | None = None,
) -> list[int]:
    """Indexes of the rows the query keeps (of ``within`` only, when given).

    The text may be kana in any width, a number, a name, an establishment or a phone. Each
    condition is one list comprehension over the remaining indexes, cheapest first. With an
    ``index`` of these rows, typed text first narrows the rows to those holding its rarest
    character (unless ``within`` is smaller still); every needle is then checked as without.
    """
    needles = search_needles(query.text)
    kept: Sequence[int] = range(len(rows)) if within is None else within
    status_done = False
    if index is not None and needles and index.rarest(needles, query.status) <= len(kept):
        # Every row the query keeps holds each needle's characters, so it is a candidate;
        # a row outside ``within`` cannot be kept either (``within`` held all kept rows).
        kept, held = index.candidates(needles, query.status)
        status_done = True
        # A one-character needle is that character: every candidate holds it already.
        needles = [n for n in needles if n != held]
    if status_done:
        pass
    elif query.status == "present":
        kept = [i for i in kept if rows[i].leave_date is None]
    elif query.status == "former":
        kept = [i for i in kept if rows[i].leave_date is not None]
    if query.kana_row:
        kept = [i for i in kept if rows[i].kana_row == query.kana_row]
    if query.establishment_id is not None:
        kept = [i for i in kept if rows[i].establishment_id == query.establishment_id]
    for needle in needles:
        if index is not None:
            kept = index.holding(kept, needle)
        else:
            kept = [i for i in kept if needle in rows[i].search_key]
    if query.age_band is not None:
        band = AGE_BANDS[query.age_band]
        kept = [i for i in kept if _in_band(rows[i].birth_date, band, today)]
    if query.join_fiscal_year is not None:
        year = query.join_fiscal_year
        kept = [i for i in kept if calendar.year_of(rows[i].join_date) == year]
    return list(kept)
