"""``gojokai print FORM``: a blank or pre-filled form as a PDF file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gojokai_desktop import paths
from gojokai_desktop.cli._session import EXIT_USAGE, CommandError, add_db_arguments, user_context

if TYPE_CHECKING:
    from gojokai_desktop.services.context import AppContext


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "print",
        help="様式をPDFに印刷する（白紙または会員の情報を入れて）",
        description="例: gojokai print member_application --member 0012-001 0012-002 --out a.pdf",
    )
    parser.add_argument(
        "form", metavar="FORM", help="様式の名前（receipt など）または題名（領収書）"
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--blank", action="store_true", help="白紙の様式")
    which.add_argument("--member", nargs="+", metavar="N", help="会員番号（複数可）")
    parser.add_argument("--out", required=True, type=Path, help="出力するPDFファイル")
    add_db_arguments(parser)
    parser.add_argument("--copies", type=int, default=1, help="白紙の部数（既定 1）")
    parser.add_argument(
        "--forms-dir", type=Path, help="様式フォルダ（既定: データフォルダのforms）"
    )
    parser.add_argument(
        "--printer",
        default="*",
        help="印刷設定に保存したこのプリンターのずれを使う（既定: すべてのプリンター用 *）",
    )
    parser.add_argument("--offset-x", type=float, help="印字位置を右へずらす (mm、設定より優先)")
    parser.add_argument("--offset-y", type=float, help="印字位置を下へずらす (mm、設定より優先)")
    parser.add_argument("--scale", type=float, help="拡大縮小率（設定より優先）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Render the PDF; errors a clerk can fix are printed and give exit status 2."""
    if args.member:
        # Members' names and addresses: a named user with a password.
        with user_context(args, write=False) as ctx:
            return _render(args, ctx)
    url = paths.resolve_database_url(args.db)
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.services.context import AppContext

    database = Database(url)
    try:
        missing = database.path is not None and not database.path.exists()
        return _render(args, None if missing else AppContext(database))
    finally:
        database.dispose()


def _render(args: argparse.Namespace, ctx: AppContext | None) -> int:
    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.printing.render import PrinterOffset
    from gojokai_desktop.printing.templates import TemplateError
    from gojokai_desktop.services import printing
    from gojokai_desktop.services.print_settings import PrintSettings, load_print_settings

    forms_dir = args.forms_dir or paths.user_forms_dir()
    settings = PrintSettings() if ctx is None else load_print_settings(ctx)
    # The PDF goes to paper through another program, so the stored offset is baked in.
    offset = settings.offset_for(args.printer)
    if (args.offset_x, args.offset_y, args.scale) != (None, None, None):
        offset = PrinterOffset(args.offset_x or 0.0, args.offset_y or 0.0, args.scale or 1.0)
    try:
        if args.blank:
            result = printing.render_blank(
                ctx,
                args.form,
                args.out,
                user_forms_dir=forms_dir,
                copies=max(1, args.copies),
                offset=offset,
                settings=settings,
            )
        else:
            assert ctx is not None
            result = printing.render_member_forms(
                ctx,
                args.form,
                args.member,
                args.out,
                user_forms_dir=forms_dir,
                offset=offset,
                settings=settings,
            )
    except (TemplateError, ValidationError) as error:
        raise CommandError(f"印刷できません: {error}", EXIT_USAGE) from error
    print(f"{args.out} に {result.pages} 頁を書き出しました。")
    for placed in result.truncated:
        print(
            f"注意: {placed.page}頁 {placed.element} は枠に収まらず省略しました。", file=sys.stderr
        )
    return 0
