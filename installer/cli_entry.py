"""Frozen entry point of the command line (gojokai.exe)."""

from gojokai_desktop.cli import main

raise SystemExit(main())
