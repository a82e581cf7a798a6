"""The demo society (``gojokai demo``): used only by the CLI, the GUI's demo start and tests."""
