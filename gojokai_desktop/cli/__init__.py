"""The ``gojokai`` command: gui (default), demo, check, backup, print and more."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError

from gojokai_desktop import __version__, paths
from gojokai_desktop.cli import argparse_ja
from gojokai_desktop.db.errors import translate
from gojokai_desktop.domain.errors import DatabaseProblem, RuleViolation, ValidationError

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
    try:
        result: int = func(args)
    except (RuleViolation, ValidationError) as error:
        # A refused action or a database that cannot be reached: the reason, no traceback.
        logging.getLogger(__name__).info("command refused: %s", error)
        print(f"gojokai: {error}", file=sys.stderr)
        return 3 if isinstance(error, DatabaseProblem) else 2
    except DBAPIError as error:
        problem = translate(error, url=paths.resolve_database_url(getattr(args, "db", None)))
        if problem is None:
            raise
        logging.getLogger(__name__).warning("database error", exc_info=error)
        print(f"gojokai: {problem}", file=sys.stderr)
        return 3
    return result
