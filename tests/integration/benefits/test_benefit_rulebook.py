"""The 給付一覧表 is written from the benefit table: every kind, amount and period on paper."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from gojokai_desktop.printing.benefits.rulebook import render_benefit_rulebook, rulebook_rows
from gojokai_desktop.services.benefits.presets import load_preset


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_rows_one_kind_over_several_lines() -> None:
    rows = rulebook_rows(load_preset("small_gojokai"))
    service = next(i for i, r in enumerate(rows) if r.get("name") == "永年勤続祝金")
    assert rows[service] == {
        "name": "永年勤続祝金",
        "category": "慶事",
        "subject": "会員本人",
        "waiting": "なし",
        "deadline": "発生日から1年",
        "limit": "1事由につき1回",
        "amount": "勤続年数 10年以上20年未満 30,000円",
        "evidence": "事業主の証明",
    }
    assert rows[service + 1] == {"amount": "勤続年数 20年以上30年未満 50,000円", "evidence": ""}
    assert rows[service + 2]["amount"] == "勤続年数 30年以上 100,000円"
    sick = next(r for r in rows if r.get("name") == "傷病見舞金")
    assert sick["waiting"] == "入会後6か月"
    assert sick["deadline"] == "発生日から6か月"
    assert sick["limit"] == "年度内1回"
    names = [r["name"] for r in rows if "name" in r]
    assert len(names) == 15


def test_long_notes_continue_on_the_next_row() -> None:
    rows = rulebook_rows(load_preset("small_gojokai"))
    start = next(i for i, r in enumerate(rows) if r.get("name") == "災害見舞金")
    amounts = [r["amount"] for r in rows[start : start + 5]]
    assert amounts[:3] == ["全壊・全焼 100,000円", "半壊・半焼 50,000円", "床上浸水 30,000円"]
    assert "".join(amounts[3:]) == (
        "※災害救助法が適用され他から給付がある場合は、理事会の判断で支給しないことがある"
    )


def test_pdf_text_small(tmp_path: Path) -> None:
    out = tmp_path / "rules.pdf"
    result = render_benefit_rulebook(
        load_preset("small_gojokai"), out, printed_on=dt.date(2025, 4, 1), society_name="○○町互助会"
    )
    assert result.pages == 2
    assert result.truncated == []
    text = pdf_text(out)
    for expected in (
        "慶弔給付一覧表",
        "小規模互助会 慶弔給付表（令和7年度から適用）",
        "印刷日 令和7年4月1日",
        "結婚祝金",
        "入会後6か月",
        "1児につき 10,000円",
        "休業日数 14日以上30日未満 10,000円",
        "死亡弔慰金（父母）",
        "年齢 99歳 50,000円",
        "満70・77・80・88・90・99歳に達したとき",
        "罹災証明書",
        "※ 請求期限: 事由発生日の翌日から数えて",
    ):
        assert expected in text, expected


def test_pdf_text_004(tmp_path: Path) -> None:
    out = tmp_path / "rules004.pdf"
    render_benefit_rulebook(load_preset("004"), out, printed_on=dt.date(2025, 4, 1))
    text = pdf_text(out)
    for expected in (
        "資料004 給付事業（平成22年度から適用）",
        "1,000,000円",
        "家族死亡弔慰金（被扶養配偶者）",
        "共済組合の災害見舞金 3か月分 300,000円",
        "会員期間 30年以上 1年につき2,000円",
        "（上限 80,000円）",
        "年齢 16歳から18歳まで 168,000円",
    ):
        assert expected in text, expected
