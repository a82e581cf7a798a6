"""The Zengin 総合振込 file: 120-byte records of half-width kana, built only from valid data.

Layout (全銀協 standard, DOMAIN.md §5): header ``1``, one data record ``2`` per transfer,
trailer ``8`` (count and total), end ``9``. Numeric fields are right-aligned and zero-filled,
text fields left-aligned and space-filled. Every name and account is converted and checked
before the first byte is produced, so a bad record never reaches the bank half-written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.kana import hiragana_to_katakana, to_halfwidth_katakana

RECORD_LENGTH = 120
ACCOUNT_TYPES: dict[str, str] = {"1": "普通", "2": "当座", "4": "貯蓄", "9": "その他"}
TRANSFER_KINDS: dict[str, str] = {"7": "電信振込", "8": "文書振込"}
ENCODINGS = ("cp932", "jis_x0201")
LINE_ENDINGS: dict[str, str] = {"crlf": "\r\n", "none": ""}
MAX_AMOUNT = 9_999_999_999

_SMALL_TO_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
_DASHES = "ー−‐‑–—―ｰ"
#: Half-width characters a payee name may contain (JIS X 0201 katakana without small kana).
_ALLOWED = frozenset(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ().-/\\,｢｣ｦｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟ"
)


@dataclass(frozen=True)
class ZenginSettings:
    """A bank's deviations: long vowel ``"-"`` or dropped (``""``), ・ as ``"."`` or ``" "``,
    line ending (``crlf`` or ``none``), encoding (cp932 or JIS X 0201: the same bytes)."""

    long_vowel: str = "-"
    middle_dot: str = "."
    line_ending: str = "crlf"
    encoding: str = "cp932"
    transfer_kind: str = "7"

    def __post_init__(self) -> None:
        if self.long_vowel not in ("-", ""):
            raise ValidationError("長音の扱いは「-」か「削除」で指定してください", "長音")
        if self.middle_dot not in (".", " "):
            raise ValidationError("中点（・）の扱いは「.」か空白で指定してください", "中点")
        if self.line_ending not in LINE_ENDINGS:
            raise ValidationError("改行は crlf か none で指定してください", "改行")
        if self.encoding not in ENCODINGS:
            raise ValidationError(
                "文字コードは cp932 か jis_x0201 で指定してください", "文字コード"
            )
        if self.transfer_kind not in TRANSFER_KINDS:
            raise ValidationError("振込指定区分は 7（電信）か 8（文書）です", "振込指定区分")


@dataclass(frozen=True)
class ZenginHeader:
    """The requester (依頼人: the society) and its debited account, and the transfer date."""

    requester_code: str
    requester_name: str
    transfer_date: date
    bank_code: str
    bank_name: str
    branch_code: str
    branch_name: str
    account_type: str
    account_number: str


@dataclass(frozen=True)
class ZenginTransfer:
    """One transfer; ``payee_label`` names the payee in error messages (会員番号と氏名)."""

    payee_label: str
    bank_code: str
    bank_name: str
    branch_code: str
    branch_name: str
    account_type: str
    account_number: str
    payee_name: str
    amount: int
    customer_code1: str = ""
    customer_code2: str = ""
    new_code: str = "0"


def zengin_kana(text: str, settings: ZenginSettings = ZenginSettings()) -> str:
    """Convert a name to the bank's half-width characters; characters left unconvertible stay
    as they are for :func:`check_zengin_text` to name.

    Small kana become large (ｯ→ﾂ, ｬ→ﾔ), the long vowel mark becomes ``-`` or is dropped,
    ・ becomes ``.`` or a space, latin letters are upper-case, ヴ becomes ｳﾞ.
    """
    text = hiragana_to_katakana(unicodedata.normalize("NFKC", text))
    text = text.translate(_SMALL_TO_LARGE).upper()
    text = "".join(settings.long_vowel if c in _DASHES else c for c in text)
    text = text.replace("・", settings.middle_dot).replace("¥", "\\").replace("\u3000", " ")
    text = text.replace("「", "｢").replace("」", "｣")
    text = to_halfwidth_katakana(text)
    return " ".join(text.split())


def check_zengin_text(text: str, field: str) -> None:
    """Refuse a converted text that has a character the bank does not accept."""
    bad = list(dict.fromkeys(c for c in text if c not in _ALLOWED))
    if bad:
        listed = "」「".join(bad)
        raise ValidationError(
            f"「{text}」の「{listed}」は振込データに使えません"
            "（カナ・英大文字・数字と ( ) . - / , で入力してください）",
            field,
        )


def _digits(value: str, length: int, field: str, *, exact: bool = False) -> str:
    if not value.isascii() or not value.isdigit() or len(value) > length:
        raise ValidationError(f"「{value}」は{length}桁以内の数字で入力してください", field)
    if exact and len(value) != length:
        raise ValidationError(f"「{value}」は{length}桁の数字で入力してください", field)
    return value.zfill(length)


def _text(value: str, length: int, field: str, settings: ZenginSettings) -> str:
    converted = zengin_kana(value, settings)
    check_zengin_text(converted, field)
    return converted[:length].ljust(length)


def _account_type(value: str, field: str) -> str:
    if value not in ACCOUNT_TYPES:
        choices = "、".join(f"{k}={v}" for k, v in ACCOUNT_TYPES.items())
        raise ValidationError(f"預金種目「{value}」は使えません（{choices}）", field)
    return value


def _header_record(h: ZenginHeader, s: ZenginSettings) -> str:
    return "".join(
        (
            "1",
            "21",
            "0",
            _digits(h.requester_code, 10, "依頼人コード"),
            _text(h.requester_name, 40, "依頼人名", s),
            f"{h.transfer_date.month:02d}{h.transfer_date.day:02d}",
            _digits(h.bank_code, 4, "仕向銀行番号", exact=True),
            _text(h.bank_name, 15, "仕向銀行名", s),
            _digits(h.branch_code, 3, "仕向支店番号", exact=True),
            _text(h.branch_name, 15, "仕向支店名", s),
            _account_type(h.account_type, "依頼人の預金種目"),
            _digits(h.account_number, 7, "依頼人の口座番号"),
            " " * 17,
        )
    )


def _data_record(t: ZenginTransfer, s: ZenginSettings) -> str:
    who = t.payee_label
    if isinstance(t.amount, bool) or not isinstance(t.amount, int) or t.amount <= 0:
        raise ValidationError(f"{who}: 振込金額は1円以上で指定してください", f"{who}の振込金額")
    if t.amount > MAX_AMOUNT:
        raise ValidationError(f"{who}: 振込金額が10桁を超えています", f"{who}の振込金額")
    if t.new_code not in ("0", "1", "2"):
        raise ValidationError(f"{who}: 新規コードは 0・1・2 です", f"{who}の新規コード")
    name = zengin_kana(t.payee_name, s)
    if not name:
        raise ValidationError(f"{who}: 口座名義（カナ）がありません", f"{who}の口座名義")
    return "".join(
        (
            "2",
            _digits(t.bank_code, 4, f"{who}の銀行番号", exact=True),
            _text(t.bank_name, 15, f"{who}の銀行名", s),
            _digits(t.branch_code, 3, f"{who}の支店番号", exact=True),
            _text(t.branch_name, 15, f"{who}の支店名", s),
            "0000",
            _account_type(t.account_type, f"{who}の預金種目"),
            _digits(t.account_number, 7, f"{who}の口座番号"),
            _text(t.payee_name, 30, f"{who}の口座名義", s),
            f"{t.amount:010d}",
            t.new_code,
            _text(t.customer_code1, 10, f"{who}の顧客コード1", s),
            _text(t.customer_code2, 10, f"{who}の顧客コード2", s),
            s.transfer_kind,
            " ",
            " " * 7,
        )
    )


def _named_data_record(t: ZenginTransfer, s: ZenginSettings) -> str:
    """A data record; its errors start with the payee so a message alone still names them."""
    try:
        return _data_record(t, s)
    except ValidationError as exc:
        if exc.message.startswith(f"{t.payee_label}: "):
            raise
        raise ValidationError(f"{t.payee_label}: {exc.message}", exc.field) from exc


def zengin_records(
    header: ZenginHeader,
    transfers: Sequence[ZenginTransfer],
    settings: ZenginSettings = ZenginSettings(),
) -> list[str]:
    """The records as 120-character strings; raises :class:`ValidationError` on bad data."""
    if not transfers:
        raise ValidationError("振込データが1件もありません", "振込データ")
    records = [_header_record(header, settings)]
    records += [_named_data_record(t, settings) for t in transfers]
    total = sum(t.amount for t in transfers)
    if len(transfers) > 999_999 or total > 999_999_999_999:
        raise ValidationError("件数または合計金額が桁数を超えています", "振込データ")
    records.append(f"8{len(transfers):06d}{total:012d}" + " " * 101)
    records.append("9" + " " * 119)
    for record in records:
        if len(record) != RECORD_LENGTH:  # an internal invariant, not a user error
            raise AssertionError(f"record of {len(record)} characters: {record!r}")
    return records


def build_zengin_file(
    header: ZenginHeader,
    transfers: Sequence[ZenginTransfer],
    settings: ZenginSettings = ZenginSettings(),
) -> bytes:
    """The whole file as bytes: every record checked first, then encoded, joined by the bank's
    line ending (also after the last record when it is CRLF)."""
    records = zengin_records(header, transfers, settings)
    newline = LINE_ENDINGS[settings.line_ending]
    # JIS X 0201 and cp932 give the same bytes for digits, upper-case latin and half-width
    # kana; the only difference, ¥ at 0x5C, is written as the backslash code point.
    return b"".join((r + newline).encode("cp932") for r in records)
