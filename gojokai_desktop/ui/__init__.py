"""The PySide6 user interface: main window, pages, dialogs, models and widgets."""

from gojokai_desktop.ui.pyside_setup import skip_source_scan

skip_source_scan()  # before the pages import anything (ui/pyside_setup.py says why)
