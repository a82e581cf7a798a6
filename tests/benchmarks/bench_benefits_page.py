"""慶弔給付 page benchmark on the L demo (50,000 members, 10 years of claims), offscreen.

Usage: python -m tests.benchmarks.bench_benefits_page [--db /tmp/L.sqlite3] [--repeat N]
Targets: the 請求 tab showing every claim of ten years in at most 1 s (beside the service
reading them, its floor); a keystroke in its search box at most 0.1 s (the first one builds
the search keys); the claim form open in at most 1 s and its live assessment at most 0.2 s
a change, so the amount follows the typing; the payment chooser over every approved claim
in at most 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.benefits.batch_views import payable_claims
from gojokai_desktop.services.benefits.claim_views import ClaimFilter, list_claims
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from gojokai_desktop.ui.benefits.batch_dialog import PayableClaimsDialog
from gojokai_desktop.ui.benefits.claim_dialog import ClaimDialog
from gojokai_desktop.ui.benefits.page import BenefitsPage
from tests.benchmarks.report import Figure, report, timed

ALL = "すべて"


def _context(path: Path) -> AppContext:
    return AppContext(Database(f"sqlite:///{path}"), Actor(None, "bench"), clock=lambda: DEMO_TODAY)


def _claim_form(ctx: AppContext, page: BenefitsPage) -> ClaimDialog:
    """A 傷病見舞金 of the first paid claim's member, filled as at the counter."""
    claim = list_claims(ctx, ClaimFilter(statuses=("paid",), limit=1))[0]
    dialog = ClaimDialog(ctx, page.claims_tab.member_rows(), None, page)
    dialog.picker.edit.setText(claim.member_number)
    dialog.picker.edit.textEdited.emit(claim.member_number)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("sickness"))
    dialog.event_edit.setDate(DEMO_TODAY.replace(day=1))
    dialog.days_edit.setText("45")
    return dialog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an L demo database (made when missing)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.db) if args.db else Path(tmp) / "benefits-L.sqlite3"
        if not source.exists():
            generate_demo(source, size="L")
        work = Path(tmp) / "work.sqlite3"
        shutil.copy(source, work)
        ctx = _context(work)
        page = BenefitsPage(ctx)
        page.resize(1100, 720)
        page.show()
        tab = page.claims_tab
        tab.status_combo.setCurrentIndex(tab.status_combo.findText(ALL))
        service_s = timed(lambda: list_claims(ctx, tab.where()), args.repeat)
        refresh_s = timed(tab.refresh, args.repeat)
        shown = tab.model.rowCount()
        first_key_s = timed(lambda: tab.search_edit.setText("サ"))
        next_keys_s = timed(lambda: tab.search_edit.setText("サト"), 1)
        narrowed = tab.proxy.rowCount()
        tab.search_edit.clear()
        members_s = timed(tab.member_rows)  # the first form loads every member once
        form_s = timed(lambda: _claim_form(ctx, page).close(), args.repeat)
        dialog = _claim_form(ctx, page)
        assess_s = timed(dialog.run_assessment, args.repeat)
        amount = dialog.panel.amount_label.text()
        payable = payable_claims(ctx)

        def chooser() -> None:
            chosen = PayableClaimsDialog(payable, DEMO_TODAY, page)
            chosen.all_check.setChecked(True)
            chosen.close()

        chooser_s = timed(chooser, args.repeat)
        app.processEvents()
        print(
            f"{shown:,} claims listed, {narrowed:,} after typing サト; the form says {amount}; "
            f"{len(payable):,} claims payable"
        )
        ok = report(
            [
                Figure("請求 tab, every claim of ten years", refresh_s, "s", target=1,
                       baseline=service_s, baseline_name="list_claims alone"),
                Figure("first keystroke in the search (builds keys)", first_key_s, "s",
                       target=0.5),
                Figure("next keystroke in the search", next_keys_s, "s", target=0.1),
                Figure("every member for the form's search (once)", members_s, "s", target=1),
                Figure("claim form open", form_s, "s", target=1),
                Figure("live assessment of the form", assess_s, "s", target=0.2),
                Figure("payment chooser, every payable claim checked", chooser_s, "s",
                       target=0.5),
            ]
        )  # fmt: skip
        page.close()
        ctx.database.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
