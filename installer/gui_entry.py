"""Frozen entry point of the GUI program (gojokai-desktop.exe)."""

from gojokai_desktop.app import main

raise SystemExit(main())
