"""Partner promotion (推進) subcommands: the reports, importing and exporting results."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gojokai_desktop.cli._session import add_db_arguments, open_context

if TYPE_CHECKING:  # the command line starts fast: services load when a command runs
    from gojokai_desktop.services.partners.import_read import ColumnMap, ResultSheet

    _Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

ROUNDING_CHOICES = ("half_up_1", "trunc_1", "half_up_2", "trunc_2")


def register(subparsers: _Subparsers) -> None:
    partners = subparsers.add_parser(
        "partners", help="推進（ろうきん・共済）: 報告書、実績の取り込み"
    )
    commands = partners.add_subparsers(dest="partners_command", metavar="COMMAND")

    report = commands.add_parser("report", help="推進実績報告（PDFまたはExcel）")
    report.add_argument(
        "--fiscal-year",
        type=int,
        required=True,
        help="推進先の年度（例: 2025。共済の6月始まりの年度も始まる年で）",
    )
    report.add_argument(
        "--period", choices=("H1", "year"), default="H1", help="H1 = 上期（既定）、year = 年間"
    )
    report.add_argument("--partner", help="推進先の名前（既定: 項目のあるすべての推進先）")
    report.add_argument(
        "--rounding", choices=ROUNDING_CHOICES, help="達成率の丸め（既定: 推進先の設定）"
    )
    report.add_argument("--no-establishments", action="store_true", help="事業所別の表を付けない")
    report.add_argument("--out", required=True, help="出力先 FILE.pdf または FILE.xlsx")
    report.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    report.set_defaults(func=_run_report)

    imp = commands.add_parser("import", help="推進先の実績表（Excel/CSV）を取り込む")
    imp.add_argument("file", help="取り込むファイル（.xlsx / .csv）")
    imp.add_argument("--partner", required=True, help="推進先の名前（例: ろうきん）")
    imp.add_argument("--fiscal-year", type=int, required=True, help="推進先の年度（例: 2025）")
    imp.add_argument("--period", help="期間の列がないときの期間（例: 上期、下期、9月、R7.9）")
    imp.add_argument("--sheet", help="シート名（既定: 最初のシート）")
    imp.add_argument(
        "--columns",
        help="列の割り当て（見出しで見つからないとき）例: 項目=B,実績=D,事業所=C,期間=A",
    )
    imp.add_argument("--dry-run", action="store_true", help="確認だけして書き込まない")
    add_db_arguments(imp)
    imp.set_defaults(func=_run_import)

    export = commands.add_parser("export", help="入力済みの実績をExcelに書き出す（取り込みの形）")
    export.add_argument("--partner", required=True, help="推進先の名前")
    export.add_argument("--fiscal-year", type=int, required=True, help="推進先の年度")
    export.add_argument(
        "--blank",
        action="store_true",
        help="実績のない項目も空欄の行にする（推進先の報告を書き写す用紙）",
    )
    export.add_argument("--out", required=True, help="出力先 FILE.xlsx")
    export.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    export.set_defaults(func=_run_export)

    listing = commands.add_parser("list", help="推進先と年度ごとの項目数")
    listing.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    listing.set_defaults(func=_run_list)

    def _help(_args: argparse.Namespace) -> int:
        partners.print_help()
        return 2

    partners.set_defaults(func=_help)


def _open(args: argparse.Namespace, *, write: bool = False) -> Any:
    """The database opened as the program does; a write acts as a named user."""
    return open_context(args, write=write, personal=False)


def _fail(exc: Exception) -> int:
    field = getattr(exc, "field", "")
    message = getattr(exc, "message", str(exc))
    print(f"{field}: {message}" if field else message, file=sys.stderr)
    return 1


def _run_report(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.errors import RuleViolation, ValidationError
    from gojokai_desktop.services.partners.items import find_partner
    from gojokai_desktop.services.partners.report import (
        export_reports,
        partner_reports,
        print_reports,
    )

    suffix = Path(args.out).suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        print(f"出力先は .pdf か .xlsx のファイルを指定してください: {args.out}", file=sys.stderr)
        return 2
    opened, ctx = _open(args)
    try:
        partner_id = find_partner(ctx, args.partner).id if args.partner else None
        reports = partner_reports(
            ctx,
            args.fiscal_year,
            args.period,
            partner_id=partner_id,
            rounding=args.rounding,
            by_establishment=not args.no_establishments,
        )
        if suffix == ".pdf":
            pages = print_reports(ctx, reports, Path(args.out))
            done = f"{pages}ページ"
        else:
            export_reports(ctx, reports, Path(args.out))
            done = f"{len(reports)}推進先"
    except (ValidationError, RuleViolation) as exc:
        return _fail(exc)
    finally:
        opened.close()
    names = "、".join(r.partner_name for r in reports)
    print(f"推進実績報告（{names}）を出力しました: {args.out}（{done}）")
    return 0


def _column_index(text: str, headers: tuple[str, ...]) -> int:
    from openpyxl.utils import column_index_from_string

    from gojokai_desktop.domain.errors import ValidationError

    value = text.strip()
    if value in headers:
        return headers.index(value)
    try:
        index: int = column_index_from_string(value.upper())
    except ValueError:
        raise ValidationError(
            f"列「{value}」は見出しにも列の記号（A、B…）にもありません。", "列の割り当て"
        ) from None
    return index - 1


def _columns(sheet: ResultSheet, option: str | None) -> ColumnMap:
    from dataclasses import replace

    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.services.partners.import_read import FIELD_LABELS, guess_columns

    columns = guess_columns(sheet)
    if not option:
        return columns
    fields = {label: field for field, label in FIELD_LABELS.items()}
    changes: dict[str, int] = {}
    for part in option.split(","):
        label, _, column = part.partition("=")
        field = fields.get(label.strip())
        if field is None or not column:
            raise ValidationError(
                f"「{part}」: 項目=列 の形で、項目は {'・'.join(fields)} です。", "列の割り当て"
            )
        changes[field] = _column_index(column, columns.headers)
    return replace(
        columns,
        item=changes.get("item", columns.item),
        amount=changes.get("amount", columns.amount),
        establishment=changes.get("establishment", columns.establishment),
        period=changes.get("period", columns.period),
    )


def _run_import(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.errors import RuleViolation, ValidationError
    from gojokai_desktop.domain.partners.periods import PartnerYear
    from gojokai_desktop.services.partners.import_read import read_sheet
    from gojokai_desktop.services.partners.importer import (
        commit_result_import,
        prepare_result_import,
    )
    from gojokai_desktop.services.partners.items import find_partner

    opened, ctx = _open(args, write=not args.dry_run)
    try:
        partner = find_partner(ctx, args.partner)
        year = PartnerYear(args.fiscal_year, partner.start_month)
        period = year.parse_period(args.period, "--period") if args.period else None
        sheet = read_sheet(Path(args.file), args.sheet)
        plan = prepare_result_import(
            ctx,
            sheet,
            _columns(sheet, args.columns),
            partner_id=partner.id,
            fiscal_year=args.fiscal_year,
            default_period=period,
        )
        for row, why in plan.skipped:
            print(f"{row}行目: {why}")
        for problem in plan.problems:
            print(str(problem), file=sys.stderr)
        if plan.problems:
            print(
                f"取り込めない行が{len(plan.problems)}行あります。何も保存していません。",
                file=sys.stderr,
            )
            return 1
        actions = [line.action for line in plan.lines]
        counts = "・".join(f"{a} {actions.count(a):,}" for a in ("追加", "変更", "変更なし"))
        if args.dry_run:
            print(f"確認のみ（{plan.partner} {plan.year_label}）: {counts}")
            return 0
        outcome = commit_result_import(ctx, plan)
    except (ValidationError, RuleViolation) as exc:
        return _fail(exc)
    finally:
        opened.close()
    print(
        f"取り込みました（{plan.partner} {plan.year_label}）: 追加 {outcome.added:,}・"
        f"変更 {outcome.changed:,}・変更なし {outcome.unchanged:,}"
    )
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.errors import RuleViolation, ValidationError
    from gojokai_desktop.services.partners.items import find_partner
    from gojokai_desktop.services.partners.results import export_results

    if Path(args.out).suffix.lower() != ".xlsx":
        print(f"出力先は .xlsx のファイルを指定してください: {args.out}", file=sys.stderr)
        return 2
    opened, ctx = _open(args)
    try:
        partner = find_partner(ctx, args.partner)
        rows = export_results(
            ctx, partner.id, args.fiscal_year, Path(args.out), blank_items=args.blank
        )
    except (ValidationError, RuleViolation) as exc:
        return _fail(exc)
    finally:
        opened.close()
    print(f"{partner.name} {args.fiscal_year}年度の実績を書き出しました: {args.out}（{rows:,}行）")
    return 0


def _run_list(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.partners.items import fiscal_years_of, list_partners

    opened, ctx = _open(args)
    try:
        for partner in list_partners(ctx):
            years = fiscal_years_of(ctx, partner.id)
            span = f"{years[0]}〜{years[-1]}年度" if years else "項目なし"
            state = "" if partner.data.active else "（使っていない）"
            print(f"{partner.name}{state}　年度の始まり {partner.start_month}月　{span}")
    finally:
        opened.close()

    return 0
