"""The indexed member search finds exactly what the plain scan finds, on the demo society."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from gojokai_desktop.db.engine import Database
from gojokai_desktop.domain.kana import to_halfwidth_katakana
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from gojokai_desktop.services.members.search import (
    MemberListRow,
    MemberQuery,
    SearchIndex,
    filter_member_rows,
    load_member_rows,
    narrows,
    search_needles,
)

STATUSES = ("present", "former", "all")


@pytest.fixture(scope="module")
def demo_rows(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[MemberListRow]]:
    path: Path = tmp_path_factory.mktemp("demo") / "demo-s.sqlite3"
    generate_demo(path, size="S", seed=3)
    database = Database(f"sqlite:///{path}")
    yield load_member_rows(AppContext(database, clock=lambda: DEMO_TODAY))
    database.dispose()


def scan(rows: list[MemberListRow], text: str, status: str) -> list[int]:
    """The search as it was before the index: every row, every needle, in row order."""
    needles = search_needles(text)
    kept = []
    for i, row in enumerate(rows):
        if status == "present" and row.leave_date is not None:
            continue
        if status == "former" and row.leave_date is None:
            continue
        if all(needle in row.search_key for needle in needles):
            kept.append(i)
    return kept


def hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def queries(rows: list[MemberListRow]) -> list[str]:
    """What clerks type: readings in every width and script, names, numbers, phones,
    establishments, several words, text nobody has, and random pieces of the keys."""
    chosen = random.Random(20).sample(rows, 40)
    typed = ["", "　", "ー", "Ｚ", "☆", "0", "00", "090", "-", "ｰ", "|", "^", "^ア"]
    for row in chosen:
        kana = row.name_kana
        family = kana.split("\u3000")[0]
        typed += [
            family[:1],
            family[:2],
            family,
            hiragana(family),
            to_halfwidth_katakana(family),
            to_halfwidth_katakana(kana),
            kana.replace("\u3000", " "),
            hiragana(kana.split("\u3000")[-1]),
            row.name[:1],
            row.name[1:3],
            row.name.replace("\u3000", ""),
            row.number,
            row.number[:4],
            row.number.replace("-", ""),
            row.phone,
            row.phone[-4:],
            row.phone.replace("-", "")[:6],
            row.establishment_name[:2],
            row.establishment_name[2:5],
            f"{family[:2]} {row.name[:1]}",
            f"{row.number[:2]} {hiragana(family[:1])}",
            row.address[:3],  # addresses are not searched: should find no more than before
        ]
    pieces = random.Random(21)
    for _ in range(150):
        key = pieces.choice(rows).search_key
        start = pieces.randrange(len(key))
        typed.append(key[start : start + pieces.randint(1, 4)])
    return typed


def test_indexed_search_finds_exactly_what_the_scan_finds(demo_rows):
    rows = demo_rows
    index = SearchIndex(rows)
    typed = queries(rows)
    assert len(typed) > 1000
    found_something = 0
    for text in typed:
        for status in STATUSES:
            query = MemberQuery(text=text, status=status)
            expected = scan(rows, text, status)
            assert filter_member_rows(rows, query, DEMO_TODAY, index=index) == expected, text
            found_something += bool(expected)
    assert found_something > 2000  # most queries find members: the comparison means something


def test_typing_letter_by_letter_narrows_to_the_same_rows(demo_rows):
    """The page passes the previous result while the clerk types on; with the index the
    rows shown after every keystroke are still the scan's."""
    rows = demo_rows
    index = SearchIndex(rows)
    for text in queries(rows)[:400]:
        before: tuple[MemberQuery, list[int]] | None = None
        for end in range(1, len(text) + 1):
            query = MemberQuery(text=text[:end])
            within = before[1] if before and narrows(before[0], query) else None
            kept = filter_member_rows(rows, query, DEMO_TODAY, within=within, index=index)
            assert kept == scan(rows, text[:end], "present"), text[:end]
            before = (query, kept)


def test_the_index_follows_the_rows_into_another_order(demo_rows):
    """Sorted by another column (the list's header), positions change; the index maps them."""
    rows = sorted(demo_rows, key=lambda r: (r.birth_date or dt.date.min, r.number), reverse=True)
    index = SearchIndex(demo_rows)
    index.follow(rows)
    for text in queries(demo_rows)[:300]:
        query = MemberQuery(text=text, status="all")
        assert filter_member_rows(rows, query, DEMO_TODAY, index=index) == scan(
            rows, text, "all"
        ), text
    index.follow(demo_rows)  # back in the loaded order
    query = MemberQuery(text=demo_rows[5].number, status="all")
    assert filter_member_rows(demo_rows, query, DEMO_TODAY, index=index) == [5]


def test_other_filters_combine_with_the_index(demo_rows):
    rows = demo_rows
    index = SearchIndex(rows)
    establishment = rows[10].establishment_id
    for text in ("", rows[10].name[:1], "0", hiragana(rows[10].name_kana[:1])):
        for query in (
            MemberQuery(text=text, establishment_id=establishment, status="all"),
            MemberQuery(text=text, kana_row="サ"),
            MemberQuery(text=text, age_band=2, status="all"),
            MemberQuery(text=text, join_fiscal_year=2020, status="former"),
        ):
            assert filter_member_rows(rows, query, DEMO_TODAY, index=index) == (
                filter_member_rows(rows, query, DEMO_TODAY)
            ), query
