"""The 慶弔給付 page end to end: a claim typed at the counter, decided, paid, the bank file."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from sqlalchemy import select

from gojokai_desktop.db.models import CashBookEntry, User
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.benefits.batch_views import list_batches, payable_claims
from gojokai_desktop.services.benefits.claim_views import get_claim, list_claims
from gojokai_desktop.services.benefits.claims import ClaimInput, approve_claim, receive_claim
from gojokai_desktop.services.benefits.payments import commit_batch, create_batch
from gojokai_desktop.services.benefits.zengin import get_zengin_account, save_zengin_account
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.membership import get_member
from gojokai_desktop.services.members.search import load_member_rows
from gojokai_desktop.ui.benefits.batch_dialog import PayableClaimsDialog
from gojokai_desktop.ui.benefits.claim_dialog import ClaimDialog
from gojokai_desktop.ui.benefits.decision_dialogs import ApproveDialog
from gojokai_desktop.ui.benefits.models import (
    BATCH_COLUMNS,
    STEP_COLUMNS,
    PayableClaimsModel,
    batch_line_model,
    claim_model,
)
from gojokai_desktop.ui.benefits.page import BenefitsPage
from gojokai_desktop.ui.benefits.zengin_dialog import ZenginSettingsDialog
from gojokai_desktop.ui.table_base import RowsTableModel
from tests.gui.typing import type_text
from tests.integration import conftest as integration
from tests.integration.benefits.test_benefit_payments import SOCIETY_ACCOUNT
from tests.unit.test_zengin import parse

pytestmark = pytest.mark.gui
benefit_society = integration.benefit_society  # the society of the benefit service tests
D = dt.date
SHOTS = Path("/tmp/shots")
PAYDAY = D(2025, 6, 13)  # a Friday
SICK_PAPER = "医師の診断書"


def shot(widget, name: str) -> None:
    """Save what the clerk sees (after pending layout and show events) for a look."""
    for _ in range(3):
        QApplication.processEvents()
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def admin_ctx(ctx: AppContext) -> AppContext:
    with ctx.reader() as session:
        admin = session.scalar(select(User).where(User.role == "admin"))
        assert admin is not None
        return AppContext(ctx.database, Actor(admin.id, admin.display_name), ctx.clock)


def enter_date(edit, text: str) -> None:
    edit.setText(text)
    edit.commit()


def fill_sickness(qtbot, dialog: ClaimDialog, number: str, days: str) -> None:
    """What the clerk types for a 傷病見舞金: member number, kind, event date, days off."""
    type_text(dialog.picker.edit, number)
    assert dialog.picker.detail is not None
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("sickness"))
    enter_date(dialog.event_edit, "R7.5.1")
    enter_date(dialog.claim_date_edit, "R7.6.1")
    type_text(dialog.days_edit, days)


def sickness_claim(ctx, member: int, **extra: object) -> int:
    data = ClaimInput(
        member_id=member,
        kind_code="sickness",
        event_date=D(2025, 5, 1),
        claim_date=D(2025, 6, 1),
        days_off=45,
        evidence=(SICK_PAPER,),
        employer_certified=True,
        detail="入院のため",
    )
    return receive_claim(ctx, replace(data, **extra)).row.id  # type: ignore[arg-type]


def test_the_claim_search_narrows_and_keeps_narrowing_new_rows(qtbot, ctx, benefit_society) -> None:
    """Every typed word must be in the row (number, member, kana, subject, kind), in any
    kana width; rows loaded again while a text is typed are narrowed by it too."""
    from gojokai_desktop.ui.benefits.models import ClaimSearchProxy

    sickness_claim(ctx, benefit_society.hanako)
    real = list_claims(ctx)[0]
    other = replace(real, id=real.id + 1, number="R7-0002", member_name="山田　一",
                    member_kana="ヤマダ　ハジメ", subject_name="山田　一")  # fmt: skip
    model = claim_model()
    proxy = ClaimSearchProxy()
    proxy.setSourceModel(model)
    model.set_rows([real, other])

    def shown() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    assert shown() == ["R7-0001", "R7-0002"]
    proxy.set_text("やまだ")
    assert shown() == ["R7-0002"]
    proxy.set_text("ｻﾄｳ 傷病")
    assert shown() == ["R7-0001"]
    assert proxy.searching
    model.set_rows([other, replace(real, id=real.id + 2, number="R7-0003")])
    assert shown() == ["R7-0003"]  # the new rows, narrowed by the text still typed
    proxy.set_text("")
    assert not proxy.searching
    assert shown() == ["R7-0002", "R7-0003"]


def test_models_pass_the_model_tester(qtmodeltester, ctx, benefit_society) -> None:
    save_zengin_account(ctx, SOCIETY_ACCOUNT)
    claim_id = sickness_claim(ctx, benefit_society.hanako)
    approve_claim(ctx, claim_id, D(2025, 6, 10))
    batch = create_batch(ctx, PAYDAY, [claim_id])
    claims = claim_model()
    claims.set_rows(list_claims(ctx))
    steps: RowsTableModel[object] = RowsTableModel(STEP_COLUMNS)
    steps.set_rows(get_claim(ctx, claim_id).steps)
    batches: RowsTableModel[object] = RowsTableModel(BATCH_COLUMNS)
    batches.set_rows(list_batches(ctx))
    lines = batch_line_model()
    lines.set_rows(batch.lines)
    payable = PayableClaimsModel()
    payable.set_rows(list_claims(ctx))
    for model in (claims, steps, batches, lines, payable):
        assert model.rowCount() >= 1
        qtmodeltester.check(model)


def test_a_claim_from_the_counter_to_the_bank_file(
    qtbot, ctx, benefit_society, monkeypatch, tmp_path
) -> None:
    save_zengin_account(ctx, SOCIETY_ACCOUNT)
    number = get_member(ctx, benefit_society.hanako).number
    page = BenefitsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    page.refresh()
    claims = page.claims_tab
    assert claims.model.rowCount() == 0

    # 受付: the member by number, the kind, the days off; the amount follows as typed.
    def counter(dialog: ClaimDialog) -> int:
        dialog.show()
        qtbot.waitActive(dialog)
        fill_sickness(qtbot, dialog, number, "4")
        qtbot.waitUntil(lambda: dialog.assessment is not None)
        assert dialog.panel.amount_label.text() == "0円"
        type_text(dialog.days_edit, "5")  # 45 days: the 30–60 band
        # The papers are not ticked yet: nothing is payable, the computed amount is said.
        qtbot.waitUntil(lambda: "計算額 20,000円" in dialog.panel.verdict_label.text())
        assert dialog.panel.amount_label.text() == "0円"
        assert "医師の診断書" in dialog.panel.failures_label.text()
        dialog.evidence_checks[0].setChecked(True)
        dialog.employer_check.setChecked(True)
        qtbot.waitUntil(lambda: dialog.panel.verdict_label.text() == "支給の条件を満たしています。")
        assert dialog.panel.amount_label.text() == "20,000円"
        assert "休業日数45日" in dialog.panel.explanation_label.text()
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        return int(dialog.result())

    monkeypatch.setattr(ClaimDialog, "exec", counter)
    with qtbot.waitSignal(page.data_changed):
        qtbot.mouseClick(claims.new_button, Qt.MouseButton.LeftButton)
    assert claims.model.rowCount() == 1
    row = claims.model.row_at(0)
    assert (row.member_name, row.kind_name, row.computed_amount, row.status) == (
        "佐藤　花子", "傷病見舞金", 20_000, "received"
    )  # fmt: skip
    assert claims.detail is not None
    assert claims.detail.row.id == row.id
    assert "休業日数45日" in claims.detail_view.toPlainText()
    assert claims.steps_model.rowCount() == 1

    # 審査, then 支給決定 on the decision date the dialog proposes (today).
    qtbot.mouseClick(claims.review_button, Qt.MouseButton.LeftButton)
    assert "支給の条件を満たしています（計算額 20,000円）" in claims.status_label.text()
    monkeypatch.setattr(ApproveDialog, "exec", lambda d: QDialog.DialogCode.Accepted)
    qtbot.mouseClick(claims.approve_button, Qt.MouseButton.LeftButton)
    decided = get_claim(ctx, row.id)
    assert (decided.row.status, decided.row.amount, decided.row.decided_on) == (
        "approved", 20_000, D(2025, 6, 15)
    )  # fmt: skip
    assert [s.label for s in decided.steps] == ["受付", "審査", "支給決定"]
    shot(page, "benefits_claims")

    # 支払: the payable claim checked, a Saturday refused, the Friday taken.
    page.tabs.setCurrentWidget(page.payments_tab)
    payments = page.payments_tab

    def choose(dialog: PayableClaimsDialog) -> int:
        assert dialog.model.rowCount() == 1
        assert not dialog.ok_button.isEnabled()
        dialog.all_check.setChecked(True)
        assert "選択 1件　合計 20,000円（うち振込 1件 20,000円）" in dialog.total_label.text()
        enter_date(dialog.date_edit, "R7.6.14")
        assert "土曜日" in dialog.date_error.text()
        assert "令和7年6月16日(月)" in dialog.date_error.text()
        enter_date(dialog.date_edit, "R7.6.13")
        assert dialog.date_error.text() == ""
        shot(dialog, "benefits_new_batch")
        dialog._on_ok()
        return int(dialog.result())

    monkeypatch.setattr(PayableClaimsDialog, "exec", choose)
    qtbot.mouseClick(payments.create_button, Qt.MouseButton.LeftButton)
    assert payments.batch is not None
    assert (payments.batch.row.number, payments.batch.row.status) == ("R7-支01", "draft")
    assert payments.line_model.rowCount() == 1
    assert "R7-支01" in payments.summary_label.text()

    # 確定: the confirmation states count and total; the cash book has the entry.
    questions: list[str] = []

    def confirm(_parent, _title, text, *args):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    qtbot.mouseClick(payments.commit_button, Qt.MouseButton.LeftButton)
    assert "1件 合計 20,000円" in questions[0]
    assert payments.batch.row.status == "committed"
    assert "出納帳に記帳しました" in payments.status_label.text()
    with ctx.reader() as session:
        entries = session.execute(
            select(CashBookEntry.amount, CashBookEntry.source_type, CashBookEntry.method)
        ).all()
    assert [tuple(e) for e in entries] == [(20_000, "benefit_payment", "bank")]
    assert get_claim(ctx, row.id).row.status == "paid"

    # 全銀ファイル: the suggested name, the file's trailer; a second time is refused.
    target = tmp_path / "bank.txt"
    suggested: list[str] = []

    def save_as(_parent, _caption, default, _filter):
        suggested.append(default)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(payments.zengin_button, Qt.MouseButton.LeftButton)
    assert suggested == ["sogofurikomi_R7-支01_20250613.txt"]
    # Today is the 15th: the clerk is told the bank may refuse a passed transfer date.
    assert "振込指定日（令和7年6月13日(金)）が過ぎています" in questions[1]
    _header, data, trailer, _end = parse(target.read_bytes())
    assert data["amount"] == "0000020000"
    assert (trailer["count"], trailer["total"]) == ("000001", "000000020000")
    assert "振込 1件 20,000円" in payments.status_label.text()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    qtbot.mouseClick(payments.zengin_button, Qt.MouseButton.LeftButton)
    assert "既に作成済みです" in questions[2]  # a second file would pay everyone twice
    assert "bank.txt は既にあります" in warnings[0]
    assert "上書きしません" in warnings[0]
    shot(page, "benefits_payments")


def test_a_failed_check_is_shown_in_red_and_blocks_the_clerk(
    qtbot, ctx, benefit_society, monkeypatch
) -> None:
    page = BenefitsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    claims = page.claims_tab
    newcomer = get_member(ctx, benefit_society.newcomer).number
    dialog = ClaimDialog(ctx, claims.member_rows(), None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.picker.edit, "すずき")
    assert dialog.picker.detail is not None
    assert "鈴木　新人" in dialog.picker.info.text()
    assert "入会 令和7年4月1日" in dialog.picker.info.text()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("marriage"))
    enter_date(dialog.event_edit, "R7.5.1")
    dialog.run_assessment()
    assert dialog.panel.amount_label.text() == "0円"
    assert "計算額 30,000円" in dialog.panel.verdict_label.text()
    failures = dialog.panel.failures_label.text()
    assert "令和7年9月30日までの事由は対象外" in failures
    assert "#c62828" in failures  # red
    assert dialog.form.isRowVisible(dialog.row_of["事業主証明"])
    assert not dialog.form.isRowVisible(dialog.row_of["休業日数"])
    shot(dialog, "benefits_claim_dialog_failed")
    dialog.save()
    assert dialog.detail is not None
    assert dialog.detail.row.member_number == newcomer
    claims.refresh(select_id=dialog.detail.row.id)
    assert "要確認3" in claims.model.data(claims.model.index(0, 10))

    # A clerk is offered no override, and the approval button stays off.
    approval = ApproveDialog(claims.detail, ctx.today(), is_admin=False)
    qtbot.addWidget(approval)
    assert not approval.approve_button.isEnabled()
    assert not approval.override_button.isEnabled()
    assert approval.override_button.toolTip() == "上書きは管理者だけができます"
    assert "上書きは管理者だけができます" in approval.note.text()

    # An administrator overrides with a reason; the list marks it.
    admin = admin_ctx(ctx)
    admin_page = BenefitsPage(admin)
    qtbot.addWidget(admin_page)
    admin_page.show()
    admin_page.refresh()
    tab = admin_page.claims_tab
    tab.refresh(select_id=dialog.detail.row.id)

    def override(approve: ApproveDialog) -> int:
        assert approve.override_button.isEnabled()
        from gojokai_desktop.ui.benefits.decision_dialogs import ReasonDialog

        def reason(box: ReasonDialog) -> int:
            box.reason_edit.setText("挙式日の誤記（理事会承認）")
            box._on_ok()
            return int(box.result())

        monkeypatch.setattr(ReasonDialog, "exec", reason)
        approve.override_button.click()
        return int(approve.result())

    monkeypatch.setattr(ApproveDialog, "exec", override)
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    done = get_claim(ctx, dialog.detail.row.id)
    assert (done.row.status, done.row.amount, done.row.overridden) == ("approved", 30_000, True)
    assert done.override_reason == "挙式日の誤記（理事会承認）"
    assert tab.model.data(tab.model.index(0, 11)) == "○"


def test_a_wrong_fact_is_named_beside_its_field(qtbot, ctx, benefit_society) -> None:
    number = get_member(ctx, benefit_society.hanako).number
    dialog = ClaimDialog(ctx, load_member_rows(ctx), None)
    qtbot.addWidget(dialog)
    fill_sickness(qtbot, dialog, number, "４５日")
    dialog.run_assessment()
    error = dialog._errors["休業日数"]
    assert error.isVisibleTo(dialog)
    assert error.text() == "休業日数は数字で入力してください（例: 45）"
    assert dialog.panel.amount_label.text() == "—"
    dialog.days_edit.setText("４５")  # full-width digits are fine
    dialog.run_assessment()
    assert not error.isVisibleTo(dialog)
    assert "計算額 20,000円" in dialog.panel.verdict_label.text()


def test_zengin_settings_look_up_names_and_name_the_wrong_field(qtbot, ctx, society) -> None:
    dialog = ZenginSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.bank_code_edit, "0126")
    assert dialog.bank_found.text() == "東邦（トウホウ）"
    assert dialog.bank_name_edit.text() == "トウホウ"
    type_text(dialog.branch_code_edit, "ほんてん")
    assert "101 本店営業部" in dialog.branch_found.text()
    dialog.branch_code_edit.clear()
    type_text(dialog.branch_code_edit, "101")
    assert dialog.branch_name_edit.text() == "ホンテン"
    type_text(dialog.requester_code_edit, "1234567890")
    type_text(dialog.account_number_edit, "7654321")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog._errors["依頼人名"].text() == "依頼人名（団体名のカナ）を入力してください"
    shot(dialog, "benefits_zengin_settings")
    type_text(dialog.requester_name_edit, "テストチョウゴジョカイ")
    dialog.line_ending_combo.setCurrentIndex(dialog.line_ending_combo.findData("none"))
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = get_zengin_account(ctx)
    assert saved is not None
    assert (saved.bank_code, saved.branch_code, saved.branch_name, saved.line_ending) == (
        "0126", "101", "ホンテン", "none"
    )  # fmt: skip


def test_a_missing_account_is_red_on_the_draft(qtbot, ctx, benefit_society) -> None:
    claim_id = sickness_claim(ctx, benefit_society.hanako)
    approve_claim(ctx, claim_id, D(2025, 6, 10))
    assert [r.id for r in payable_claims(ctx)] == [claim_id]
    batch = create_batch(ctx, PAYDAY, [claim_id], methods={claim_id: "establishment_account"})
    page = BenefitsPage(ctx)
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.payments_tab)
    payments = page.payments_tab
    payments.refresh(select_id=batch.row.id)
    model = payments.line_model
    account = model.index(0, 7)
    assert model.data(account) == "事業所の振込先口座が登録されていません"
    assert model.data(account, Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    assert "口座の問題 1件" in payments.summary_label.text()


def answer(monkeypatch, reason: str, amount: str = "") -> None:
    """Every reason dialog is answered with ``reason`` (and ``amount`` when it asks one)."""
    from gojokai_desktop.ui.benefits.decision_dialogs import ReasonDialog

    def reply(box: ReasonDialog) -> int:
        if box.amount_edit is not None and amount:
            box.amount_edit.setText(amount)
        box.reason_edit.setText(reason)
        box._on_ok()
        return int(box.result())

    monkeypatch.setattr(ReasonDialog, "exec", reply)


def test_reject_reopen_correct_change_and_withdraw(
    qtbot, ctx, benefit_society, monkeypatch
) -> None:
    claim_id = sickness_claim(ctx, benefit_society.hanako)
    # An amount other than the computed one is an administrator's decision.
    page = BenefitsPage(admin_ctx(ctx))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    tab = page.claims_tab
    tab.refresh(select_id=claim_id)
    assert not tab.change_button.isEnabled()
    assert not tab.reopen_button.isEnabled()

    answer(monkeypatch, "診断書の日付が休業期間と合わない")
    tab.reject_button.click()
    rejected = get_claim(ctx, claim_id)
    assert (rejected.row.status, rejected.reject_reason) == (
        "rejected", "診断書の日付が休業期間と合わない"
    )  # fmt: skip
    assert tab.model.rowCount() == 0  # 未処理 no longer lists it ...
    assert "不支給の理由" in tab.detail_view.toPlainText()  # ... but it is still shown
    assert tab.reopen_button.isEnabled()
    answer(monkeypatch, "正しい診断書が届いた")
    tab.reopen_button.click()
    assert get_claim(ctx, claim_id).row.status == "received"

    # 開く/修正: 65 days off is the top band; the correction is a step of its own.
    def correct(dialog: ClaimDialog) -> int:
        assert dialog.picker.edit.isReadOnly()
        assert dialog.days_edit.text() == "45"
        assert dialog.evidence_checks[0].isChecked()
        dialog.days_edit.setText("65")
        dialog.run_assessment()
        assert dialog.panel.amount_label.text() == "30,000円"
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(ClaimDialog, "exec", correct)
    tab.open_button.click()
    assert get_claim(ctx, claim_id).row.computed_amount == 30_000

    monkeypatch.setattr(ApproveDialog, "exec", lambda d: QDialog.DialogCode.Accepted)
    tab.approve_button.click()
    answer(monkeypatch, "規程の改定前の額で決定", amount="25,000")
    tab.change_button.click()
    changed = get_claim(ctx, claim_id)
    assert changed.row.amount == 25_000
    assert changed.steps[-1].reason == "30000円→25000円: 規程の改定前の額で決定"
    assert "決定額を 25,000円に変更しました" in tab.status_label.text()

    # A claim that has been decided opens for reading only.
    def look(dialog: ClaimDialog) -> int:
        assert not dialog.save_button.isEnabled()
        assert "「支給決定」のため修正できません" in dialog.general_error.text()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(ClaimDialog, "exec", look)
    tab.open_button.click()
    answer(monkeypatch, "本人から辞退の申し出")
    tab.withdraw_button.click()
    assert get_claim(ctx, claim_id).row.status == "withdrawn"


def test_a_refusal_is_shown_as_a_message_and_nothing_changes(
    qtbot, ctx, benefit_society, monkeypatch
) -> None:
    save_zengin_account(ctx, SOCIETY_ACCOUNT)
    claim_id = sickness_claim(ctx, benefit_society.hanako)
    approve_claim(ctx, claim_id, D(2025, 6, 10))
    batch = create_batch(ctx, PAYDAY, [claim_id])
    page = BenefitsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    tab = page.claims_tab
    tab.refresh(select_id=claim_id)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    answer(monkeypatch, "本人から辞退の申し出")
    tab.withdraw_button.click()
    assert warnings == [
        "支払予定 R7-支01 に入っています。先に［支払］でその支払予定から外してください。"
    ]
    assert get_claim(ctx, claim_id).row.status == "approved"

    # The 支払 tab: take it out of the draft, and it can be withdrawn.
    page.tabs.setCurrentWidget(page.payments_tab)
    payments = page.payments_tab
    payments.refresh(select_id=batch.row.id)
    payments.line_view.selectRow(0)
    assert payments.remove_button.isEnabled()
    payments.remove_button.click()
    assert payments.batch is not None
    assert payments.batch.row.claim_count == 0
    assert "支給決定のままです" in payments.status_label.text()
    page.tabs.setCurrentWidget(tab)
    tab.refresh(select_id=claim_id)
    tab.withdraw_button.click()
    assert get_claim(ctx, claim_id).row.status == "withdrawn"


def test_a_committed_payment_is_reversed_from_its_line(
    qtbot, ctx, benefit_society, monkeypatch
) -> None:
    save_zengin_account(ctx, SOCIETY_ACCOUNT)
    claim_id = sickness_claim(ctx, benefit_society.hanako, payment_method="cash")
    approve_claim(ctx, claim_id, D(2025, 6, 10))
    batch = commit_batch(ctx, create_batch(ctx, PAYDAY, [claim_id]).row.id)
    page = BenefitsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    payments = page.payments_tab
    payments.refresh(select_id=batch.row.id)
    assert not payments.zengin_button.isEnabled()  # cash only: no bank file
    payments.line_view.selectRow(0)
    answer(monkeypatch, "窓口で渡した額の誤り")
    payments.reverse_button.click()
    line = payments.line_model.row_at(0)
    assert line.reversed
    assert payments.line_model.data(payments.line_model.index(0, 8)) == "取消済"
    assert get_claim(ctx, claim_id).row.status == "approved"
    with ctx.reader() as session:
        amounts = session.scalars(select(CashBookEntry.net_amount)).all()
    assert sorted(amounts) == [-20_000, 20_000]


def test_the_sheets_of_a_claim_and_of_a_batch_print_into_the_preview(
    qtbot, ctx, benefit_society, monkeypatch, tmp_path
) -> None:
    from pypdf import PdfReader

    from gojokai_desktop.ui.preview import PdfPreviewDialog

    save_zengin_account(ctx, SOCIETY_ACCOUNT)
    claim_id = sickness_claim(ctx, benefit_society.hanako)
    shown: list[tuple[str, str]] = []

    def fake_preview(_parent, name, title, write):
        path = tmp_path / name
        write(path)
        shown.append((title, "".join(p.extract_text() for p in PdfReader(path).pages)))
        return path

    def fake_dialog(dialog: PdfPreviewDialog) -> int:
        pages = PdfReader(dialog.pdf_path).pages
        shown.append((dialog.windowTitle(), "".join(p.extract_text() for p in pages)))
        return 0

    monkeypatch.setattr("gojokai_desktop.ui.benefits.claims_tab.preview_pdf", fake_preview)
    monkeypatch.setattr("gojokai_desktop.ui.benefits.payments_tab.preview_pdf", fake_preview)
    page = BenefitsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    tab = page.claims_tab
    tab.refresh(select_id=claim_id)
    actions = tab.print_actions
    assert [a.isEnabled() for a in actions.values()] == [True, False, False]
    actions["claim"].trigger()
    title, text = shown[-1]
    assert title == "慶弔給付金請求書"
    assert "R7-0001" in text
    assert "休業日数 45日" in text

    approve_claim(ctx, claim_id, D(2025, 6, 10))
    tab.refresh()
    actions["decision"].trigger()
    title, text = shown[-1]
    assert title == "給付決定通知書"
    assert "￥20,000" in text

    batch = commit_batch(ctx, create_batch(ctx, PAYDAY, [claim_id]).row.id)
    page.tabs.setCurrentWidget(page.payments_tab)
    payments = page.payments_tab
    payments.refresh(select_id=batch.row.id)
    payments.list_button.click()
    title, text = shown[-1]
    assert title == "支払決議書"
    assert "慶弔給付金 支払決議書" in text
    assert "R7-支01" in text
    monkeypatch.setattr(PdfPreviewDialog, "exec", fake_dialog)
    payments.notices_button.click()
    title, text = shown[-1]
    assert title == "印刷プレビュー — 給付金支払通知書"
    assert "佐藤　花子" in text
    assert "￥20,000" in text
    page.tabs.setCurrentWidget(tab)
    tab.status_combo.setCurrentIndex(tab.status_combo.findText("支払済"))
    tab.refresh(select_id=claim_id)
    assert actions["payment"].isEnabled()


def test_keyboard_only_the_member_from_the_list_then_enter_moves_on(
    qtbot, ctx, benefit_society
) -> None:
    dialog = ClaimDialog(ctx, load_member_rows(ctx), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    edit = dialog.picker.edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "0001")  # both members' numbers start so
    assert dialog.picker.detail is None
    assert dialog.picker.list_model.rowCount() == 2
    assert dialog.picker.info.text() == "該当 2人。↑↓で選んで Enter"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.kind_combo.hasFocus)
    assert dialog.picker.detail is not None
    assert dialog.picker.detail.id == benefit_society.newcomer
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.event_edit.hasFocus)
