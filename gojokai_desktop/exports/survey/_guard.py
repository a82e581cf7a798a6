"""A workbook from outside is untrusted: refuse what is not a workbook, is huge or hostile.

Checked before openpyxl sees the file: its size, that it is a zip (an old .xls or a
password-protected book is an OLE file), how many parts it has, how big they become when
unpacked and by how much each one grows (a zip bomb grows a thousandfold), part names that
climb out of the package, and XML that declares a DTD (entity expansion: real workbooks never
carry one). Each refusal says what is wrong in words a clerk can act on.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PARTS = 3_000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
#: Unpacked / packed size of one part; real sheets stay well under it, zip bombs far over.
MAX_RATIO = 200
_RATIO_FROM_BYTES = 1024 * 1024
_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD_SCAN_BYTES = 4096


class UntrustedWorkbookError(Exception):
    """The file is refused; ``message`` says why and what to do."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}MB"


def check_workbook_file(path: Path) -> None:
    """Raise :class:`UntrustedWorkbookError` unless ``path`` looks like a sound .xlsx/.xlsm."""
    if not path.is_file():
        raise UntrustedWorkbookError(f"ファイル {path.name} が見つかりません")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UntrustedWorkbookError(
            f"{path.name} は大きすぎます（{_megabytes(size)}、{_megabytes(MAX_FILE_BYTES)}まで）"
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_SIGNATURE:
        raise UntrustedWorkbookError(
            f"{path.name} は古い形式（.xls）か、パスワード付きのブックです。"
            "Excelで開き、パスワードを外して「Excel ブック (*.xlsx)」で保存し直してください"
        )
    if not zipfile.is_zipfile(path):
        raise UntrustedWorkbookError(
            f"{path.name} はExcelのブック（.xlsx）ではありません（中身が読めません）"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            _check_parts(path, archive)
    except zipfile.BadZipFile as error:
        raise UntrustedWorkbookError(f"{path.name} は壊れています（{error}）") from error


def _check_parts(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise UntrustedWorkbookError(f"{path.name} は部品が多すぎます（{len(infos):,}個）")
    unpacked = 0
    names = set()
    for info in infos:
        name = info.filename
        names.add(name)
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            raise UntrustedWorkbookError(f"{path.name} に不正な部品名があります（{name}）")
        unpacked += info.file_size
        if unpacked > MAX_UNPACKED_BYTES:
            raise UntrustedWorkbookError(
                f"{path.name} は展開すると大きすぎます"
                f"（{_megabytes(MAX_UNPACKED_BYTES)}を超えます）"
            )
        if info.file_size > _RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise UntrustedWorkbookError(
                f"{path.name} の部品 {name} は圧縮率が異常です（展開すると"
                f"{info.file_size // max(info.compress_size, 1):,}倍）。開きません"
            )
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UntrustedWorkbookError(
            f"{path.name} はExcelのブックではありません（ブックの部品がありません）"
        )
    for info in infos:
        if info.filename.lower().endswith(_XML_SUFFIXES):
            with archive.open(info) as part:
                head = part.read(_DTD_SCAN_BYTES)
            if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                raise UntrustedWorkbookError(
                    f"{path.name} の部品 {info.filename} に文書型宣言（DTD）があります。"
                    "Excelのブックには無いものなので開きません"
                )
