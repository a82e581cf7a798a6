"""The ``gojokai`` command: gui (default), demo, check, backup, print and more."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from gojokai_desktop import __version__
from gojokai_desktop.cli import argparse_ja

# Each area adds its subcommands in its own module with ``register(subparsers)``.
COMMAND_MODULES = (
    "gojokai_desktop.cli.core_cmd",
    "gojokai_desktop.cli.demo_cmd",
    "gojokai_desktop.cli.print_cmd",
    "gojokai_desktop.cli.forms_cmd",
    "gojokai_desktop.cli.members_cmd",
    "gojokai_desktop.cli.accounts_cmd",
    "gojokai_desktop.cli.dues_cmd",
    "gojokai_desktop.cli.benefits_cmd",
    "gojokai_desktop.cli.events_cmd",
    "gojokai_desktop.cli.tickets_cmd",
    "gojokai_desktop.cli.partners_cmd",
    "gojokai_desktop.cli.reports_cmd",
    "gojokai_desktop.cli.year_cmd",
    "gojokai_desktop.cli.audit_cmd",
    "gojokai_desktop.cli.handover_cmd",
    "gojokai_desktop.cli.survey_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    argparse_ja.install()
    parser = argparse.ArgumentParser(
        prog="gojokai",
        description="互助会事務システム gojokai_desktop — 会員・会費・慶弔給付・斡旋・行事・会計",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"gojokai_desktop {__version__}",
        help="バージョンを表示して終了する",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="詳しいログを表示する")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0].startswith("--db") or args_list[0] == "--demo":
        args_list.insert(0, "gui")
    parser = build_parser()
    args = parser.parse_args(args_list)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    if args.command == "gui":
        result: int = func(args)
        return result
    _log_to_file(args.verbose)
    from gojokai_desktop.cli._session import run_command

    return run_command(func, args)


class _TerminalFormatter(logging.Formatter):
    """The terminal never shows a traceback: it goes to the log file only."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        return self.formatMessage(record)


def _log_to_file(verbose: bool) -> None:
    """The commands log to the program's log file too: the detail behind every message
    (the terminal shows only warnings, unless -v)."""
    import logging.handlers

    from gojokai_desktop import paths
    from gojokai_desktop.app import LOG_FILE_NAME

    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "gojokai_cli", False):  # main() called again in one process (tests)
            root.removeHandler(handler)
            handler.close()
        elif not isinstance(handler, logging.FileHandler):
            handler.setLevel(logging.DEBUG if verbose else logging.WARNING)
            handler.setFormatter(_TerminalFormatter("%(levelname)s %(name)s: %(message)s"))
    try:
        file_handler = logging.handlers.RotatingFileHandler(
            paths.log_dir() / LOG_FILE_NAME, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:  # a read-only data folder: the messages still go to the terminal
        logging.getLogger(__name__).warning("cannot write the log file", exc_info=True)
        return
    file_handler.gojokai_cli = True  # type: ignore[attr-defined]
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root.addHandler(file_handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
