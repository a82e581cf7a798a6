"""``gojokai forms``: list the printable forms, check templates, copy one to edit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gojokai_desktop import paths


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("forms", help="様式（テンプレート）の一覧・点検・複製")
    actions = parser.add_subparsers(dest="forms_command", metavar="ACTION", required=True)

    check = actions.add_parser("check", help="様式ファイルを点検する（既定: すべて）")
    check.add_argument("files", nargs="*", type=Path, metavar="FILE", help="点検するTOMLファイル")
    check.set_defaults(func=run_check)

    listing = actions.add_parser("list", help="使える様式の一覧")
    listing.set_defaults(func=run_list)

    copy = actions.add_parser(
        "copy", help="同梱の様式をデータフォルダへ複製して編集できるようにする"
    )
    copy.add_argument("form", metavar="FORM", help="様式の名前（receipt など）")
    copy.set_defaults(func=run_copy)


def run_check(args: argparse.Namespace) -> int:
    """Print OK or the problem for each template; exit status 1 when any is broken."""
    from gojokai_desktop.services import printing

    files = list(args.files) or printing.all_form_paths(paths.user_forms_dir())
    broken = 0
    for path, error in printing.check_forms(files):
        if error is None:
            print(f"OK  {path}")
        else:
            broken += 1
            print(f"NG  {path}\n    {error}", file=sys.stderr)
    print(
        f"{len(files)} 件中 {broken} 件に問題があります。"
        if broken
        else f"{len(files)} 件とも問題ありません。"
    )
    return 1 if broken else 0


def run_list(_args: argparse.Namespace) -> int:
    """One line per form: name, title, and whether the society's own copy is used."""
    from gojokai_desktop.services import printing

    for form in printing.list_forms(paths.user_forms_dir()):
        mark = "（独自）" if form.user_copy else ""
        print(f"{form.stem:<22} {form.title}{mark}")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    """Copy a shipped template into the data folder, where it wins over the shipped one."""
    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.services import printing

    try:
        target = printing.copy_form_for_editing(args.form, paths.user_forms_dir())
    except ValidationError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{target} に複製しました。このファイルを編集すると、同梱の様式の代わりに使われます。")
    return 0
