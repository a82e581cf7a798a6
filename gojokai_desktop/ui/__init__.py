"""The PySide6 user interface: main window, pages, dialogs, models and widgets."""
