"""Zengin 総合振込 file: byte-exact records, a parser reading every field back, refusals."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.zengin import (
    ZenginHeader,
    ZenginSettings,
    ZenginTransfer,
    build_zengin_file,
    check_zengin_text,
    zengin_kana,
)

HEADER = ZenginHeader(
    requester_code="1234567890",
    requester_name="ゴジョカイ",
    transfer_date=dt.date(2025, 7, 25),
    bank_code="2951",
    bank_name="トウホクロウキン",
    branch_code="101",
    branch_name="フクシマ",
    account_type="1",
    account_number="123456",
)
T1 = ZenginTransfer(
    payee_label="0001-001 山田太郎",
    bank_code="0001",
    bank_name="ミズホ",
    branch_code="001",
    branch_name="トウキヨウ",
    account_type="1",
    account_number="1234567",
    payee_name="ヤマダ　タロウ",
    amount=30000,
    customer_code1="0001001",
)
T2 = ZenginTransfer(
    payee_label="0002-014 佐藤ジョージ",
    bank_code="0005",
    bank_name="ミツビシユーエフジェイ",
    branch_code="230",
    branch_name="フクシマ",
    account_type="2",
    account_number="7654321",
    payee_name="サトウ・ジョージ　キャッシュ",
    amount=1000000,
)


def parse(data: bytes, newline: bytes = b"\r\n") -> list[dict[str, str]]:
    """Read a Zengin file back into its fields (the layout written out independently)."""
    layouts = {
        "1": [
            ("kind", 1), ("type", 2), ("code", 1), ("requester_code", 10),
            ("requester_name", 40), ("date", 4), ("bank_code", 4), ("bank_name", 15),
            ("branch_code", 3), ("branch_name", 15), ("account_type", 1),
            ("account_number", 7), ("filler", 17),
        ],
        "2": [
            ("kind", 1), ("bank_code", 4), ("bank_name", 15), ("branch_code", 3),
            ("branch_name", 15), ("clearing", 4), ("account_type", 1), ("account_number", 7),
            ("payee_name", 30), ("amount", 10), ("new_code", 1), ("customer1", 10),
            ("customer2", 10), ("transfer_kind", 1), ("flag", 1), ("filler", 7),
        ],
        "8": [("kind", 1), ("count", 6), ("total", 12), ("filler", 101)],
        "9": [("kind", 1), ("filler", 119)],
    }  # fmt: skip
    size = 120 + len(newline)
    assert len(data) % size == 0
    records = []
    for start in range(0, len(data), size):
        raw = data[start : start + size]
        assert raw[120:] == newline
        text = raw[:120].decode("cp932")
        assert len(text) == 120  # half-width: one byte per character
        fields, pos = {}, 0
        for name, width in layouts[text[0]]:
            fields[name] = text[pos : pos + width]
            pos += width
        assert pos == 120
        records.append(fields)
    return records


def test_known_batch_byte_exact() -> None:
    data = build_zengin_file(HEADER, [T1, T2])
    expected = (
        "1210"
        "1234567890"
        "ｺﾞｼﾞﾖｶｲ" + " " * 33 + "0725"
        "2951" + "ﾄｳﾎｸﾛｳｷﾝ".ljust(15) + "101" + "ﾌｸｼﾏ".ljust(15) + "1" + "0123456" + " " * 17,
        "2" + "0001" + "ﾐｽﾞﾎ".ljust(15) + "001" + "ﾄｳｷﾖｳ".ljust(15) + "0000" + "1" + "1234567"
        + "ﾔﾏﾀﾞ ﾀﾛｳ".ljust(30) + "0000030000" + "0" + "0001001   " + " " * 10 + "7" + " "
        + " " * 7,
        "2" + "0005" + "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ".ljust(15) + "230" + "ﾌｸｼﾏ".ljust(15) + "0000" + "2" + "7654321"
        + "ｻﾄｳ.ｼﾞﾖ-ｼﾞ ｷﾔﾂｼﾕ".ljust(30) + "0001000000" + "0" + " " * 20 + "7" + " " + " " * 7,
        "8" + "000002" + "000001030000" + " " * 101,
        "9" + " " * 119,
    )  # fmt: skip
    assert data == b"".join(r.encode("cp932") + b"\r\n" for r in expected)
    assert len(data) == 5 * 122


def test_parser_reads_every_field() -> None:
    header, first, second, trailer, end = parse(build_zengin_file(HEADER, [T1, T2]))
    assert header == {
        "kind": "1", "type": "21", "code": "0", "requester_code": "1234567890",
        "requester_name": "ｺﾞｼﾞﾖｶｲ".ljust(40), "date": "0725", "bank_code": "2951",
        "bank_name": "ﾄｳﾎｸﾛｳｷﾝ".ljust(15), "branch_code": "101",
        "branch_name": "ﾌｸｼﾏ".ljust(15), "account_type": "1", "account_number": "0123456",
        "filler": " " * 17,
    }  # fmt: skip
    assert first == {
        "kind": "2", "bank_code": "0001", "bank_name": "ﾐｽﾞﾎ".ljust(15), "branch_code": "001",
        "branch_name": "ﾄｳｷﾖｳ".ljust(15), "clearing": "0000", "account_type": "1",
        "account_number": "1234567", "payee_name": "ﾔﾏﾀﾞ ﾀﾛｳ".ljust(30),
        "amount": "0000030000", "new_code": "0", "customer1": "0001001   ",
        "customer2": " " * 10, "transfer_kind": "7", "flag": " ", "filler": " " * 7,
    }  # fmt: skip
    assert second["payee_name"].rstrip() == "ｻﾄｳ.ｼﾞﾖ-ｼﾞ ｷﾔﾂｼﾕ"
    assert second["bank_name"] == "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ  "
    assert second["account_type"] == "2"
    assert int(second["amount"]) == 1_000_000
    assert trailer == {"kind": "8", "count": "000002", "total": "000001030000", "filler": " " * 101}
    assert end == {"kind": "9", "filler": " " * 119}


def test_bank_settings_no_line_ending_drop_long_vowel() -> None:
    s = ZenginSettings(long_vowel="", middle_dot=" ", line_ending="none", encoding="jis_x0201")
    data = build_zengin_file(HEADER, [T2], s)
    assert len(data) == 4 * 120
    assert b"\r" not in data
    assert b"\n" not in data
    records = parse(data, b"")
    assert records[1]["payee_name"].rstrip() == "ｻﾄｳ ｼﾞﾖｼﾞ ｷﾔﾂｼﾕ"
    assert records[1]["bank_name"] == "ﾐﾂﾋﾞｼﾕｴﾌｼﾞｴｲ   "


@pytest.mark.parametrize(
    ("typed", "converted"),
    [
        ("キッタ", "ｷﾂﾀ"),  # ッ → ﾂ
        ("ｷｬﾉﾝ", "ｷﾔﾉﾝ"),  # half-width small kana too
        ("チョーコ", "ﾁﾖ-ｺ"),  # ー → -
        ("ヴィンセント", "ｳﾞｲﾝｾﾝﾄ"),  # ヴ → ｳﾞ
        ("ＶＩＣＴＯＲ　ｌｅｅ", "VICTOR LEE"),  # full-width latin → upper-case ASCII
        ("アン・マリー", "ｱﾝ.ﾏﾘ-"),  # ・ → .
        ("やまだ はなこ", "ﾔﾏﾀﾞ ﾊﾅｺ"),  # hiragana
        ("（カ）ゴジョカイ", "(ｶ)ｺﾞｼﾞﾖｶｲ"),
        ("カ）ヤマダ／シテン", "ｶ)ﾔﾏﾀﾞ/ｼﾃﾝ"),
        ("「ア」￥，", "｢ｱ｣\\,"),
        ("ヤマダ   タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ"),
    ],
)
def test_kana_conversion(typed: str, converted: str) -> None:
    assert zengin_kana(typed) == converted


def test_long_names_cut_to_30_and_15() -> None:
    long_name = "ｶ)ﾌｸｼﾏｹﾝｷﾝﾛｳｼﾔｺﾞｼﾞﾖｶｲﾚﾝﾗｸｷﾖｳｷﾞｶｲｼﾞﾑｷﾖｸ"
    t = replace(T1, payee_name=long_name, branch_name="フクシマエキマエチュウオウトオリ")
    records = parse(build_zengin_file(HEADER, [t]))
    assert records[1]["payee_name"] == "ｶ)ﾌｸｼﾏｹﾝｷﾝﾛｳｼﾔｺﾞｼﾞﾖｶｲﾚﾝﾗｸｷﾖｳｷﾞ"
    assert records[1]["branch_name"] == "ﾌｸｼﾏｴｷﾏｴﾁﾕｳｵｳﾄｵ"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"account_number": "12345678"}, "0001-001 山田太郎の口座番号", "7桁以内の数字"),
        ({"account_number": "12A4567"}, "0001-001 山田太郎の口座番号", "7桁以内の数字"),
        ({"account_number": "１２３"}, "0001-001 山田太郎の口座番号", "7桁以内の数字"),
        ({"bank_code": "123"}, "0001-001 山田太郎の銀行番号", "4桁の数字"),
        ({"branch_code": "12"}, "0001-001 山田太郎の支店番号", "3桁の数字"),
        ({"payee_name": "山田太郎"}, "0001-001 山田太郎の口座名義", "「山」「田」「太」「郎」"),
        (
            {"payee_name": "ヤマダ＠"},
            "0001-001 山田太郎の口座名義",
            "「@」は振込データに使えません",
        ),
        ({"payee_name": "  "}, "0001-001 山田太郎の口座名義", "口座名義（カナ）がありません"),
        ({"account_type": "3"}, "0001-001 山田太郎の預金種目", "1=普通"),
        ({"amount": 0}, "0001-001 山田太郎の振込金額", "1円以上"),
        ({"amount": 10_000_000_000}, "0001-001 山田太郎の振込金額", "10桁"),
        ({"new_code": "5"}, "0001-001 山田太郎の新規コード", "0・1・2"),
    ],
)
def test_bad_transfer_refused_naming_the_payee(
    change: dict[str, object], field: str, message: str
) -> None:
    bad = replace(T1, **change)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as e:
        build_zengin_file(HEADER, [T2, bad])
    assert e.value.field == field
    assert message in e.value.message
    assert e.value.message.startswith("0001-001 山田太郎: ")


def test_header_and_settings_refused() -> None:
    with pytest.raises(ValidationError) as e:
        build_zengin_file(replace(HEADER, requester_code="12345678901"), [T1])
    assert e.value.field == "依頼人コード"
    with pytest.raises(ValidationError) as e2:
        build_zengin_file(HEADER, [])
    assert e2.value.message == "振込データが1件もありません"
    for bad in (
        {"long_vowel": "~"},
        {"middle_dot": "/"},
        {"line_ending": "lf"},
        {"encoding": "utf-8"},
        {"transfer_kind": "1"},
    ):
        with pytest.raises(ValidationError):
            ZenginSettings(**bad)  # type: ignore[arg-type]


KANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
)
kana = st.text(
    alphabet=KANA + "ガギグゲゴパピプペポッャュョー・　ABCXYZ0123", min_size=1, max_size=40
).filter(lambda name: name.strip("　"))  # a name of spaces only is refused (tested above)


@settings(max_examples=200, deadline=None)
@given(kana, st.sampled_from(["-", ""]), st.sampled_from([".", " "]))
def test_converted_names_use_only_bank_characters(name: str, vowel: str, dot: str) -> None:
    converted = zengin_kana(name, ZenginSettings(long_vowel=vowel, middle_dot=dot))
    check_zengin_text(converted, "口座名義")  # never raises for kana input
    assert not set(converted) & set("ｧｨｩｪｫｬｭｮｯｰ・")
    assert converted == converted.strip()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            kana, st.integers(1, 9_999_999_999), st.from_regex(r"[0-9]{1,7}", fullmatch=True)
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["crlf", "none"]),
)
def test_trailer_always_matches(rows: list[tuple[str, int, str]], ending: str) -> None:
    transfers = [
        replace(T1, payee_label=f"P{i}", payee_name=name, amount=amount, account_number=acct)
        for i, (name, amount, acct) in enumerate(rows)
    ]
    s = ZenginSettings(line_ending=ending)
    records = parse(build_zengin_file(HEADER, transfers, s), b"\r\n" if ending == "crlf" else b"")
    data = [r for r in records if r["kind"] == "2"]
    trailer = records[-2]
    assert [r["kind"] for r in records] == ["1", *["2"] * len(rows), "8", "9"]
    assert int(trailer["count"]) == len(data) == len(rows)
    assert (
        int(trailer["total"]) == sum(int(r["amount"]) for r in data) == sum(a for _, a, _ in rows)
    )
    assert [r["account_number"] for r in data] == [a.zfill(7) for _, _, a in rows]
