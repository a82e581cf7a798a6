"""Roster PDF, labels and statistics through the printing engine, read back from the PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member, leave_member
from gojokai_desktop.services.members.printouts import (
    member_statistics,
    render_establishment_labels,
    render_member_labels,
    render_roster_pdf,
    render_statistics,
)
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.services.members.search import load_member_rows

D = dt.date


@pytest.fixture
def rows(ctx, society):
    est = create_establishment(
        ctx, EstablishmentInput(name="福島商事", postal_code="9608101", address="福島市杉妻町1"),
        D(2020, 4, 1),
    )  # fmt: skip
    for name, kana, sex, birth, received in (
        ("山田　太郎", "ヤマダ　タロウ", "M", D(1980, 5, 3), D(2025, 4, 10)),
        ("佐藤　花子", "サトウ　ハナコ", "F", D(1995, 1, 2), D(2025, 5, 25)),
    ):
        join_member(ctx, MemberInput(name=name, name_kana=kana, sex=sex, birth_date=birth,
                                     postal_code="9608102", address="福島市五老内町3"),
                    est.id, received)  # fmt: skip
    old = join_member(ctx, MemberInput(name="鈴木", name_kana="スズキ"), est.id, D(2024, 1, 1))
    leave_member(ctx, old.id, D(2025, 8, 3), "retired")
    return load_member_rows(ctx)


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_roster_pdf_lists_the_members(ctx, rows, tmp_path):
    out = tmp_path / "roster.pdf"
    result = render_roster_pdf(ctx, rows, out, conditions=["在籍者"])
    assert result.records == 3
    text = _text(out)
    assert "会員名簿" in text
    assert "山田" in text
    assert "R7.5.1" in text  # 山田's join date (received 4/10, cut-off 20th)


def test_labels_for_members_and_establishments(ctx, rows, tmp_path):
    out = tmp_path / "labels.pdf"
    assert render_member_labels(rows, out, per_sheet=12).records == 2  # 鈴木 has no address
    assert "山田　太郎　様" in _text(out)
    est = tmp_path / "est.pdf"
    render_establishment_labels(ctx, est)
    assert "福島商事　御中" in _text(est)


def test_statistics_by_age_sex_month_and_establishment(ctx, rows, tmp_path):
    stats = member_statistics(ctx, rows, D(2025, 7, 1), 2025)
    assert stats.total == 3
    assert stats.by_sex_age[0] == ("〜29歳", 0, 0, 0)
    assert stats.by_sex_age[1] == ("30〜39歳", 0, 1, 1)
    assert stats.by_sex_age[2] == ("40〜49歳", 1, 0, 1)
    assert stats.by_month[:5] == [("4月", 0, 0), ("5月", 1, 0), ("6月", 0, 0), ("7月", 1, 0),
                                  ("8月", 0, 1)]  # fmt: skip
    assert stats.by_establishment == [("0001 福島商事", 3)]
    assert stats.fiscal_label == "令和7年度"
    out = tmp_path / "stats.pdf"
    render_statistics(ctx, stats, out)
    assert "会員統計" in _text(out)
