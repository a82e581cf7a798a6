"""PySide6 set up before the program's imports (ui/pyside_setup.py): a module imported after
Qt's binding is not read whole into the line cache to look for ``__feature__``."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

import gojokai_desktop.ui  # noqa: F401  (sets it up, as the program's start does)


def test_an_imported_module_is_not_read_into_the_line_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "gojokai_scan_probe.py"
    source.write_text("VALUE = 'PySide6 is named here'\n" + "X = 1\n" * 2000, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    namespace: dict[str, object] = {}
    exec("import gojokai_scan_probe", namespace)  # an import statement: PySide6 hooks those
    module = namespace["gojokai_scan_probe"]
    try:
        assert module.VALUE.startswith("PySide6")  # type: ignore[attr-defined]
        assert str(source) not in linecache.cache  # PySide6's own scan would have put it there
        feature = sys.modules["shibokensupport.feature"]
        assert feature.pyside_feature_dict.get("gojokai_scan_probe") == -1  # not using it
    finally:
        sys.modules.pop("gojokai_scan_probe", None)


def test_qt_still_works_after_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    button = QPushButton("保存")
    qtbot.addWidget(button)
    clicked: list[bool] = []
    button.clicked.connect(lambda: clicked.append(True))
    button.click()
    assert clicked == [True]
    assert button.text() == "保存"
