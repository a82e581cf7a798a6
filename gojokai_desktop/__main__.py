"""Entry point for ``python -m gojokai_desktop``: the CLI, which starts the GUI by default."""

from gojokai_desktop.cli import main

raise SystemExit(main())
