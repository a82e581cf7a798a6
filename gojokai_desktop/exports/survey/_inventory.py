"""What a workbook holds that openpyxl may not carry over, counted from the package itself.

The template is read by openpyxl and saved again in memory; every kind of thing counted here
that is fewer after than before is what the council's workbook would lose when filled in. The
counts come from the zip's part names and from the sheets' XML text, so nothing depends on
openpyxl understanding the parts it drops.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

_SHEET_PART = re.compile(r"xl/worksheets/sheet[^/]*\.xml$")


@dataclass(frozen=True)
class Loss:
    """Something in the template that the filled workbook will not have (or not the same)."""

    what: str
    before: int
    after: int

    def __str__(self) -> str:
        if self.after == 0:
            return f"{self.what} {self.before}個（書き込んだブックでは消えます）"
        lost = self.before - self.after
        return f"{self.what} {self.before}個のうち{lost}個（書き込んだブックでは消えます）"


def _parts(prefix: str, suffix: str = "") -> Callable[[dict[str, bytes], list[str]], int]:
    def count(_texts: dict[str, bytes], names: list[str]) -> int:
        return sum(1 for n in names if n.startswith(prefix) and n.endswith(suffix))

    return count


def _in_sheets(pattern: str) -> Callable[[dict[str, bytes], list[str]], int]:
    regex = re.compile(pattern.encode())

    def count(texts: dict[str, bytes], _names: list[str]) -> int:
        return sum(len(regex.findall(t)) for n, t in texts.items() if _SHEET_PART.match(n))

    return count


def _in_parts(prefix: str, pattern: str) -> Callable[[dict[str, bytes], list[str]], int]:
    regex = re.compile(pattern.encode())

    def count(texts: dict[str, bytes], _names: list[str]) -> int:
        return sum(len(regex.findall(t)) for n, t in texts.items() if n.startswith(prefix))

    return count


#: (what a clerk calls it, how to count it). Order is the order of the message.
KINDS: tuple[tuple[str, Callable[[dict[str, bytes], list[str]], int]], ...] = (
    (
        "図形・テキストボックス・線",
        _in_parts("xl/drawings/drawing", r"<(?:\w+:)?(?:sp|cxnSp|grpSp)>"),
    ),
    ("画像", _parts("xl/media/")),
    ("グラフ", _parts("xl/charts/chart", ".xml")),
    ("マクロ（VBA）", _parts("xl/vbaProject")),
    ("フォームのボタン・チェックボックス", _parts("xl/ctrlProps/")),
    ("埋め込みオブジェクト", _parts("xl/embeddings/")),
    ("コメント（スレッド形式）", _parts("xl/threadedComments/")),
    ("コメント（メモ）", _in_parts("xl/comments", r"<(?:\w+:)?comment\b")),
    ("入力規則（プルダウンなど）", _in_sheets(r"<(?:\w+:)?dataValidation\b(?!s)")),
    ("条件付き書式", _in_sheets(r"<(?:\w+:)?conditionalFormatting\b")),
    ("スパークライン", _in_sheets(r"<(?:\w+:)?sparklineGroup\b")),
    ("スライサー・タイムライン", _parts("xl/slicers/")),
    ("プリンターの詳細設定（用紙トレイなど）", _parts("xl/printerSettings/")),
    ("ヘッダー・フッターの画像", _in_sheets(r"<(?:\w+:)?legacyDrawingHF\b")),
    ("ユーザー定義のXML", _parts("customXml/")),
)
#: Carried over but rebuilt by openpyxl: the clerk is told to look at them.
REBUILT = {
    "グラフ": "グラフは作り直して保存するため、色や書式が変わることがあります",
    "コメント（メモ）": "コメント（メモ）は残りますが、枠の大きさと書式は標準に戻ります",
}


def inventory(data: bytes) -> dict[str, int]:
    """The count of every kind in :data:`KINDS` in the workbook ``data``."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        names = archive.namelist()
        texts = {
            n: archive.read(n)
            for n in names
            if _SHEET_PART.match(n) or n.startswith(("xl/drawings/drawing", "xl/comments"))
        }
    return {what: count(texts, names) for what, count in KINDS}


def losses(before: dict[str, int], after: dict[str, int]) -> list[Loss]:
    """The kinds there are fewer of after the round trip than before."""
    return [
        Loss(what, before[what], after.get(what, 0))
        for what, _count in KINDS
        if after.get(what, 0) < before[what]
    ]
