"""Helpers of the template tests: variants of the council's template, and a reading of a
workbook package deep enough to compare what Excel shows (not only what openpyxl sees)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

#: The sheet settings Excel keeps in each sheet part, compared as XML text.
SHEET_ELEMENTS = ("cols", "mergeCells", "pageMargins", "pageSetup", "printOptions",
                  "headerFooter", "sheetViews", "dataValidations", "conditionalFormatting",
                  "sheetFormatPr")  # fmt: skip


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name → its part's XML text, by the workbook's own relationships."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="/?(?:xl/)?([^"]+)"', rels))
        targets |= {
            rid: target
            for target, rid in re.findall(r'Target="/?(?:xl/)?([^"]+)"[^>]*Id="(rId\d+)"', rels)
        }
        sheets = re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"', workbook)
        return {name: archive.read(f"xl/{targets[rid]}").decode() for name, rid in sheets}


def elements(xml: str, name: str) -> list[str]:
    """Every ``<name …>…</name>`` or ``<name …/>`` element of a part (openpyxl writes both
    the template and the output, so the same setting is the same text)."""
    pattern = rf"<{name}\b[^>]*/>|<{name}\b.*?</{name}>"
    return re.findall(pattern, xml, re.S)


def merged_refs(xml: str) -> list[str]:
    return sorted(re.findall(r'<mergeCell ref="([^"]+)"', xml))


def defined_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        text = archive.read("xl/workbook.xml").decode()
    return sorted(re.findall(r"<definedName\b.*?</definedName>", text, re.S))


def variant(source: Path, target: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the template changed by ``edit(book)`` (made with openpyxl)."""
    book = load_workbook(source)
    edit(book)
    book.save(target)
    return target


def add_parts(source: Path, target: Path, parts: dict[str, bytes], types: str = "") -> Path:
    """A copy of the template with extra parts (and content types) in its package."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "[Content_Types].xml" and types:
                data = data.replace(b"</Types>", types.encode() + b"</Types>")
            new.writestr(info, data)
        for name, data in parts.items():
            new.writestr(name, data)
    return target


def replace_part(source: Path, target: Path, name: str, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the template with one part's text changed by ``change(text)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == name:
                data = change(data.decode()).encode()
            new.writestr(info, data)
    return target
