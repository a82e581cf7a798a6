"""Due list outputs: the offer letters read back from the PDF and the workbook read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.benefits.due import DueRow, create_claims_from_due, due_list
from gojokai_desktop.services.benefits.due_print import (
    export_due_list,
    offer_records,
    print_offer_letters,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.membership import update_member
from gojokai_desktop.services.members.records import MemberInput
from tests.integration.benefits.due_people import People, make_people
from tests.integration.conftest import BenefitSociety

D = dt.date


@pytest.fixture
def people(ctx: AppContext, benefit_society: BenefitSociety) -> People:
    return make_people(ctx, benefit_society)


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def rows_of(ctx: AppContext, *codes: str) -> list[DueRow]:
    rows = due_list(ctx, 2025).rows
    return [next(r for r in rows if r.kind_code == code) for code in codes]


def test_offer_letter_names_member_amount_papers_and_deadline(
    ctx: AppContext, people: People, tmp_path: Path
) -> None:
    update_member(
        ctx,
        people.parent,
        MemberInput(
            name="山田　親",
            name_kana="ヤマダ　オヤ",
            birth_date=D(1985, 5, 5),
            postal_code="9608101",
            address="福島県福島市杉妻町1-1",
        ),
    )
    school, wedding = rows_of(ctx, "school_elementary", "silver_wedding")
    out = tmp_path / "offer.pdf"
    result = print_offer_letters(ctx, [school, wedding], out)
    assert result.pages == 2
    first, second = pdf_pages(out)
    for expected in (
        "慶弔給付金のご案内",
        "山田　親",
        "960-8101",
        "福島県福島市杉妻町1-1",
        "入学祝金（小学校）",
        "山田　早生",
        "小学校入学",
        "令和7年4月1日",
        "￥10,000",
        "・就学通知書の写し",
        "令和8年4月1日",  # 12 months after the event: the claim deadline
        "テスト町勤労者互助会",
    ):
        assert expected in first, expected
    for expected in ("佐藤　花子", "銀婚祝金", "結婚25年", "令和7年5月5日", "￥20,000",
                     "・戸籍謄本（婚姻日の記載があるもの）", "令和8年5月5日"):  # fmt: skip
        assert expected in second, expected


def test_offer_papers_include_the_employer_seal(ctx: AppContext, people: People) -> None:
    [service] = rows_of(ctx, "long_service")
    [record] = offer_records(ctx, [service])
    assert record["claim.evidence"] == "・事業主の証明（請求書の証明欄）"
    assert record["offer.deadline"] == D(2026, 9, 30)
    assert record["claim.amount"] == 30_000


def test_no_rows_no_letters(ctx: AppContext, people: People, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="該当者を選んでください"):
        print_offer_letters(ctx, [], tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()


def test_due_list_workbook(ctx: AppContext, people: People, tmp_path: Path) -> None:
    [wedding] = rows_of(ctx, "silver_wedding")
    create_claims_from_due(ctx, [wedding], D(2025, 6, 1))
    path = tmp_path / "due.xlsx"
    assert export_due_list(ctx, 2025, path) == 6
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet["A1"].value == "令和7年度 慶弔給付 該当者一覧　テスト町勤労者互助会"
    assert sheet["A2"].value == (
        "給付表: 小規模互助会 慶弔給付表（2025年度〜 第1版）　作成日: 令和7年6月15日"
    )
    header = [c.value for c in sheet[3]]
    assert header[:3] == ["該当日", "給付の種類", "該当の理由"]
    assert header[9:] == ["給付金額", "請求", "請求番号"]
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=9)]
    assert [r[1] for r in body] == [
        "入学祝金（小学校）",
        "入学祝金（中学校）",
        "長寿祝金",
        "銀婚祝金",
        "永年勤続祝金",
        "長寿祝金",
    ]
    wedding_line = body[3]
    assert wedding_line[0] == dt.datetime(2025, 5, 5)
    assert wedding_line[4:] == [
        "佐藤　花子",
        "サトウ　ハナコ",
        "福島商事",
        "佐藤　花子",
        "本人",
        20_000,
        "請求済",
        "R7-0001",
    ]
    assert body[0][7:10] == ["山田　早生", "子", 10_000]
    assert sheet["J4"].number_format == "#,##0"
    assert [c.value for c in sheet[10]][:2] == ["合計", "6件"]
    assert sheet["J10"].value == 90_000
    assert sheet.max_row == 10


def test_workbook_written_whole_or_not_at_all(
    ctx: AppContext, people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "due.xlsx"
    path.write_bytes(b"the previous list")

    def broken_save(self: object, filename: object) -> None:
        Path(str(filename)).write_bytes(b"half")
        raise OSError("ディスクがいっぱいです")

    monkeypatch.setattr("openpyxl.Workbook.save", broken_save)
    with pytest.raises(OSError, match="ディスクがいっぱい"):
        export_due_list(ctx, 2025, path)
    assert path.read_bytes() == b"the previous list"
    assert [p.name for p in folder.iterdir()] == ["due.xlsx"]


def test_workbook_folder_must_exist(ctx: AppContext, people: People, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        export_due_list(ctx, 2025, tmp_path / "missing" / "due.xlsx")
    assert error.value.field == "出力先"
