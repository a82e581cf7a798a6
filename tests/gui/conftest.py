"""GUI test set-up: Qt speaks Japanese here exactly as in the program (ui/i18n.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _japanese_qt(qapp):
    """The program installs Qt's Japanese translation at start; the tests' QApplication too."""
    from gojokai_desktop.ui.i18n import install_japanese

    assert install_japanese(qapp), "qtbase_ja.qm is missing from PySide6"
    return qapp
