"""The hostile-file corpus: files that must each give a message naming the file and the problem,
with memory under 500 MB and nothing written. Generated here, never committed (some are huge).

``make_corpus(folder)`` writes the small corpus the test suite uses; ``full=True`` adds the
issue's own cases at full size (an xlsx of a few MB that expands to 1.2 GB, a 200 MB CSV).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

HEADER = ["氏名", "フリガナ", "事業所", "入会日"]


@dataclass(frozen=True)
class Hostile:
    """A file of the corpus and the words its message must contain."""

    name: str
    expect: str
    exit_code: int = 2


_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Types xmlns="{_PKG}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SML}.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{_REL}">'
    '<sheets><sheet name="名簿" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _bomb(path: Path, uncompressed: int) -> None:
    """A well-formed workbook whose one sheet expands to ``uncompressed`` bytes of rows."""
    row = '<row><c t="inlineStr"><is><t>爆弾</t></is></c></row>'.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((_SHEET_HEAD + "<sheetData>").encode())
            block = row * (1 << 14)
            written = 0
            while written < uncompressed:
                sheet.write(block)
                written += len(block)
            sheet.write(b"</sheetData></worksheet>")


def _roster(path: Path, rows: list[list[object]]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "名簿"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)


def _wrong_dimension(path: Path) -> None:
    """Ten members; the sheet says it has three rows (as some other programs write)."""
    plain = path.with_suffix(".tmp.xlsx")
    _roster(
        plain,
        [[f"会員 {k}", f"カイイン {k}", "福島商事", "R6.4.1"] for k in "アイウエオカキクケコ"],
    )
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension ref=")
                end = text.index("/>", start) + 2
                data = (text[:start] + '<dimension ref="A1:D3"/>' + text[end:]).encode()
            out.writestr(item, data)
    plain.unlink()


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as stream:
        stream.seek(size - 1)
        stream.write(b"\n")


def make_corpus(folder: Path, *, full: bool = False) -> list[Hostile]:
    """Write the corpus into ``folder``; returns each file with what its message must say."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Hostile] = []

    (folder / "empty.xlsx").write_bytes(b"")
    files.append(Hostile("empty.xlsx", "空のファイル"))
    (folder / "not_zip.xlsx").write_text("氏名,フリガナ\n山田,ヤマダ\n", encoding="utf-8")
    files.append(Hostile("not_zip.xlsx", "ではないか、壊れています"))
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (folder / "password.xlsx").write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(4096))
    files.append(Hostile("password.xlsx", "パスワードが付いたブック"))
    (folder / "old_format.xlsx").write_bytes(ole + bytes(8192))
    files.append(Hostile("old_format.xlsx", "古い形式（.xls）"))

    _bomb(folder / "bomb.xlsx", 60 * 1024 * 1024)
    files.append(Hostile("bomb.xlsx", "異常に圧縮されています"))
    good = folder / "good.xlsx"
    _roster(good, [["山田 太郎", "ヤマダ タロウ", "福島商事", "R6.4.1"]])
    data = good.read_bytes()
    (folder / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    files.append(Hostile("truncated.xlsx", "ではないか、壊れています"))
    good.unlink()
    with zipfile.ZipFile(folder / "bad_xml.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", _SHEET_HEAD + "<sheetData><row><c>壊")
    files.append(Hostile("bad_xml.xlsx", "の途中が壊れています"))
    _roster(folder / "wide.xlsx", [["山田"] + ["x"] * 300])
    files.append(Hostile("wide.xlsx", "列が多すぎます"))
    _roster(
        folder / "formulas.xlsx",
        [
            ["山田 太郎", "ヤマダ タロウ", "福島商事", "R6.4.1"],
            ['=CONCATENATE("佐藤"," 花子")', "サトウ ハナコ", "福島商事", "R6.4.1"],
        ],
    )
    files.append(Hostile("formulas.xlsx", "3行目 氏名「=CONCATENATE", exit_code=1))
    _wrong_dimension(folder / "wrong_dimension.xlsx")
    files.append(Hostile("wrong_dimension.xlsx", "より多い 11行を読みました", exit_code=0))

    with (folder / "many_rows.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows([["山田", "ヤマダ", "福島商事", "R6.4.1"]] * 150_000)
    files.append(Hostile("many_rows.csv", "行が多すぎます"))
    with (folder / "many_cells.csv").open("w", encoding="utf-8", newline="") as stream:
        for _ in range(20_000):
            stream.write(",".join(["a"] * 190) + "\n")
    files.append(Hostile("many_cells.csv", "セルが多すぎます"))
    _sparse(folder / "huge.csv", (2 if not full else 200) * 100 * 1024 * 1024 // 2)
    files.append(Hostile("huge.csv", "ファイルが大きすぎます"))
    (folder / "undecodable.csv").write_bytes("氏名,フリガナ\n".encode() + b"\x81\x20\xff\xfe\n")
    files.append(Hostile("undecodable.csv", "文字コードが読めません"))
    (folder / "long_cell.csv").write_text("氏名\n" + "あ" * 200_000 + "\n", encoding="utf-8")
    files.append(Hostile("long_cell.csv", "2行目"))
    (folder / "empty.csv").write_bytes(b"")
    files.append(Hostile("empty.csv", "空のファイル"))
    (folder / "picture.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    files.append(Hostile("picture.xlsx", "ではないか、壊れています"))

    if full:
        _bomb(folder / "bomb_1_2_gb.xlsx", 1_200 * 1024 * 1024)
        files.append(Hostile("bomb_1_2_gb.xlsx", "異常に圧縮されています"))
        with (folder / "csv_200_mb.csv").open("w", encoding="utf-8") as stream:
            line = "山田 太郎,ヤマダ タロウ,福島商事,R6.4.1," + "備考" * 20 + "\n"
            block = line * 10_000
            for _ in range(200 * 1024 * 1024 // len(block.encode())):
                stream.write(block)
        files.append(Hostile("csv_200_mb.csv", "ファイルが大きすぎます"))
    return files


__all__ = ["Hostile", "io", "make_corpus"]
