"""Qt's own words in Japanese: standard buttons (はい・いいえ・保存・キャンセル …), dialogs, menus.

Qt ships its translations as ``qtbase_ja.qm`` inside PySide6 (``Qt/translations``); the
PyInstaller spec copies the file into the bundle at the same place. Installing it once, before
any widget is made, turns every standard button of QMessageBox, QDialogButtonBox, QWizard,
QFileDialog and QInputDialog Japanese, so no dialog can show Yes/No/Cancel in English.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

JAPANESE = QLocale(QLocale.Language.Japanese, QLocale.Country.Japan)
_CATALOGUE = "qtbase"
_PROPERTY = "gojokai_japanese_installed"


def translation_dirs() -> list[Path]:
    """Where ``qtbase_ja.qm`` may be: Qt's own path, PySide6's folder, the frozen bundle."""
    import PySide6

    places = [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).resolve().parent / "Qt" / "translations",
    ]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        places.append(Path(bundle) / "PySide6" / "Qt" / "translations")
    return places


def qtbase_japanese_file() -> Path | None:
    """The ``qtbase_ja.qm`` the program will load, or None when none is installed."""
    for folder in translation_dirs():
        candidate = folder / f"{_CATALOGUE}_ja.qm"
        if candidate.is_file():
            return candidate
    return None


def install_japanese(app: QCoreApplication) -> bool:
    """Load Qt's Japanese translation into ``app`` (once) and make Japanese the default locale.

    Returns whether the translation is in place; without it the program still runs, with
    Qt's standard buttons in English, and says so in the log.
    """
    QLocale.setDefault(JAPANESE)
    if app.property(_PROPERTY):
        return True
    found = qtbase_japanese_file()
    translator = QTranslator(app)  # parented to the app, so it lives as long as the app
    if found is None or not translator.load(str(found)):
        log.warning("Qt's Japanese translation (qtbase_ja.qm) not found in %s", translation_dirs())
        return False
    app.installTranslator(translator)
    app.setProperty(_PROPERTY, True)
    return True
