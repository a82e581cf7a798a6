"""The ``gojokai demo`` subcommand: build a demo society of size S, M or L in a new database."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="デモ用の互助会データを作る",
        description=(
            "架空の互助会（10年度分の会員・事業所・家族・異動履歴）を新しいデータベースに作ります。"
            "S=300人、M=5,000人、L=50,000人。同じシードからは同じデータができます。"
        ),
    )
    parser.add_argument(
        "--size", choices=("S", "M", "L"), default="S", help="会員数 S=300, M=5,000, L=50,000"
    )
    parser.add_argument(
        "--db", required=True, help="作成するデータベースのファイル（またはSQLAlchemy URL）"
    )
    parser.add_argument("--seed", type=int, default=None, help="乱数のシード（既定: 1）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from gojokai_desktop.db.lock import DatabaseLockedError
    from gojokai_desktop.db.migrate import DatabaseTooNewError
    from gojokai_desktop.services.demo.pipeline import (
        DEFAULT_SEED,
        DemoTargetNotEmptyError,
        generate_demo,
    )

    seed = DEFAULT_SEED if args.seed is None else args.seed
    try:
        summary = generate_demo(args.db, size=args.size, seed=seed)
    except (DemoTargetNotEmptyError, DatabaseLockedError, DatabaseTooNewError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"デモデータを作成しました: {summary.location}")
    print(f"  サイズ {summary.size}（シード {summary.seed}、基準日 {summary.today.isoformat()}）")
    print(f"  会員 {summary.members:,} 人（在籍 {summary.members_present:,} 人）")
    print(f"  事業所 {summary.establishments:,} 件（加入中 {summary.establishments_present:,} 件）")
    print(f"  家族 {summary.family_members:,} 人")
    print(
        f"  異動 入会 {summary.joins:,}・転籍 {summary.transfers:,}・"
        f"退会 {summary.leaves:,}・再入会 {summary.rejoins:,}"
    )
    print(f"  年度 {summary.fiscal_years} 年度分")
    print(f"  所要時間 {summary.elapsed_seconds:.1f} 秒")
    print("  利用者 admin（管理者）・clerk（事務担当）・auditor（監事）、パスワードはどれも demo")
    return 0
