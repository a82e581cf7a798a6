"""慶弔給付 page benchmark on the L demo (50,000 members, 10 years of claims), offscreen.

Usage: python -m tests.benchmarks.bench_benefits_page [--size S|M|L] [--db PATH] [--repeat N]
Targets: the 請求 tab showing every claim of ten years in at most 1 s (beside the service
reading them, its floor); a keystroke in its search box at most 0.1 s (the first one builds
the search keys); the claim form open in at most 1 s and its live assessment at most 0.2 s
a change, so the amount follows the typing; the payment chooser over every approved claim
in at most 0.5 s.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from gojokai_desktop.services.benefits.batch_views import payable_claims
from gojokai_desktop.services.benefits.claim_views import ClaimFilter, list_claims
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
from gojokai_desktop.ui.benefits.batch_dialog import PayableClaimsDialog
from gojokai_desktop.ui.benefits.claim_dialog import ClaimDialog
from gojokai_desktop.ui.benefits.page import BenefitsPage
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, figure, measure

NAMES = (
    "benefits_claims_tab",
    "benefits_first_key",
    "benefits_next_key",
    "benefits_members_once",
    "benefits_claim_form",
    "benefits_assessment",
    "benefits_payment_chooser",
)
ALL = "すべて"


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


def figures(env: BenchEnv) -> list[Figure]:
    app = QApplication.instance() or QApplication([])
    repeat = env.repeat
    ctx = env.context(env.copy_demo("benefits-page"))
    page = BenefitsPage(ctx)
    page.resize(1100, 720)
    page.show()
    tab = page.claims_tab
    tab.status_combo.setCurrentIndex(tab.status_combo.findText(ALL))
    service = measure(lambda: list_claims(ctx, tab.where()), repeat)
    refresh = measure(tab.refresh, repeat)
    shown = tab.model.rowCount()
    first_key = measure(lambda: tab.search_edit.setText("サ"))
    next_keys = measure(lambda: tab.search_edit.setText("サト"), 1)
    narrowed = tab.proxy.rowCount()
    tab.search_edit.clear()
    members = measure(tab.member_rows)  # the first form loads every member once
    form = measure(lambda: _claim_form(ctx, page).close(), repeat)
    dialog = _claim_form(ctx, page)
    assess = measure(dialog.run_assessment, repeat)
    amount = dialog.panel.amount_label.text()
    payable = payable_claims(ctx)

    def chooser() -> None:
        chosen = PayableClaimsDialog(payable, DEMO_TODAY, page)
        chosen.all_check.setChecked(True)
        chosen.close()

    chooser_t = measure(chooser, repeat)
    app.processEvents()
    print(
        f"{shown:,} claims listed, {narrowed:,} after typing サト; the form says {amount}; "
        f"{len(payable):,} claims payable"
    )
    page.close()
    ctx.database.dispose()
    return [
        figure("benefits_claims_tab", "請求 tab, every claim of ten years", refresh, target=1,
               floor=service, floor_name="list_claims alone"),
        figure("benefits_first_key", "first keystroke in the claims search (builds keys)",
               first_key, target=0.5),
        figure("benefits_next_key", "next keystroke in the claims search", next_keys,
               target=0.1),
        figure("benefits_members_once", "every member for the form's search (once)", members,
               target=1),
        figure("benefits_claim_form", "claim form open", form, target=1),
        figure("benefits_assessment", "live assessment of the form", assess, target=0.2),
        figure("benefits_payment_chooser", "payment chooser, every payable claim checked",
               chooser_t, target=0.5),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
