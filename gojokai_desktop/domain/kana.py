"""Kana: search keys, フリガナ validation, the あかさたな index row, half-width bank kana."""

from __future__ import annotations

import re
import unicodedata

from gojokai_desktop.domain.errors import ValidationError

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)} | {
    0x309D: 0x30FD,  # ゝ → ヽ
    0x309E: 0x30FE,  # ゞ → ヾ
}

KANA_ROWS: tuple[str, ...] = ("ア", "カ", "サ", "タ", "ナ", "ハ", "マ", "ヤ", "ラ", "ワ")
_ROW_MEMBERS = {
    "ア": "ァアィイゥウェエォオヴ",
    "カ": "カガキギクグケゲコゴヵヶ",
    "サ": "サザシジスズセゼソゾ",
    "タ": "タダチヂッツヅテデトド",
    "ナ": "ナニヌネノ",
    "ハ": "ハバパヒビピフブプヘベペホボポ",
    "マ": "マミムメモ",
    "ヤ": "ャヤュユョヨ",
    "ラ": "ラリルレロ",
    "ワ": "ヮワヰヱヲンヷヸヹヺ",
}
_ROW_OF = {kana: row for row, members in _ROW_MEMBERS.items() for kana in members}
OTHER_ROW = "他"

#: Dashes typed for the long vowel mark (ASCII hyphen on half-width input, minus signs).
_LONG_VOWEL_LOOKALIKES = str.maketrans(dict.fromkeys("-‐‑−–—―", "ー"))
_FURIGANA_SYMBOLS = "ー・ヽヾ"
_EXAMPLE = "例: ヤマダ　タロウ"


_HIRAGANA = re.compile("[\u3041-\u3096\u309d\u309e]")


def hiragana_to_katakana(text: str) -> str:
    """ひらがな → カタカナ (ゝゞ → ヽヾ); everything else unchanged."""
    # Most text (names in kanji, katakana readings, numbers) has no hiragana: finding that
    # out is far cheaper than translating it character by character.
    if _HIRAGANA.search(text) is None:
        return text
    return text.translate(_HIRAGANA_TO_KATAKANA)


def normalize_for_search(text: str) -> str:
    """The search key: NFKC, hiragana → katakana, no spaces, upper-case latin.

    ``やまだ　たろう``, ``ﾔﾏﾀﾞ ﾀﾛｳ`` and ``ヤマダタロウ`` all give ``ヤマダタロウ``.
    """
    return "".join(hiragana_to_katakana(unicodedata.normalize("NFKC", text)).split()).upper()


def kana_row(kana: str) -> str:
    """The index row (ア カ サ … ワ) of the first character, or ``"他"``.

    Voiced, semi-voiced and small kana go to their row (ガ→カ, パ→ハ, ァ→ア, ヴ→ア);
    ヲ and ン go to ワ. Hiragana and half-width kana are accepted.
    """
    key = normalize_for_search(kana)
    return _ROW_OF.get(key[0], OTHER_ROW) if key else OTHER_ROW


def _is_katakana(char: str) -> bool:
    return "ァ" <= char <= "ヺ" or char in _FURIGANA_SYMBOLS


def validate_furigana(text: str, field: str = "フリガナ") -> str:
    """Return ``text`` as full-width katakana with single full-width spaces between words.

    Hiragana and half-width kana are converted, dashes become ``ー``, runs of spaces become one
    ``　``, and the ends are trimmed. Any other character (kanji, latin, digits) is refused with a
    message naming it. An empty value gives ``""``: whether the field is required is the caller's
    business.
    """
    converted = hiragana_to_katakana(unicodedata.normalize("NFKC", text))
    words = converted.translate(_LONG_VOWEL_LOOKALIKES).split()
    for word in words:
        for char in word:
            if not _is_katakana(char):
                raise ValidationError(
                    f"「{char}」は{field}に使えません（カタカナで入力してください。{_EXAMPLE}）",
                    field,
                )
    return "　".join(words)


def _halfwidth_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF61, 0xFFA0):  # half-width katakana block: ｡ … ﾟ
        half = chr(code)
        full = unicodedata.normalize("NFKC", half)
        if len(full) == 1 and full != half:
            table[ord(full)] = half
    for code in range(0x30A1, 0x30FB):  # voiced and semi-voiced katakana: ガ → ｶﾞ
        decomposed = unicodedata.normalize("NFD", chr(code))
        if len(decomposed) == 2 and ord(decomposed[0]) in table:
            mark = "ﾞ" if decomposed[1] == "\u3099" else "ﾟ"
            table[code] = table[ord(decomposed[0])] + mark
    table.update(
        {ord(k): v for k, v in {"ヰ": "ｲ", "ヱ": "ｴ", "ヮ": "ﾜ", "ヵ": "ｶ", "ヶ": "ｹ"}.items()}
    )
    table.update({ord(k): v for k, v in {"ヸ": "ｲﾞ", "ヹ": "ｴﾞ"}.items()})
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})  # Ａ → A
    table[0x3000] = " "
    return table


_TO_HALFWIDTH = _halfwidth_table()


def to_halfwidth_katakana(text: str) -> str:
    """Full-width katakana (and hiragana) and ASCII → half-width: ``ガ`` → ``ｶﾞ``, ``Ａ`` → ``A``.

    Kana without a half-width form take the nearest one (ヰ→ｲ, ヱ→ｴ, ヶ→ｹ); kanji and other
    characters are left as they are.
    """
    return hiragana_to_katakana(text).translate(_TO_HALFWIDTH)
