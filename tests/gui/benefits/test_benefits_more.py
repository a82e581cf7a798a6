"""Benefits outside the 請求・支払 tabs: establishment account, home page, 給付表, 該当者, 台帳."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from gojokai_desktop.services.benefits.claim_views import list_claims
from gojokai_desktop.services.benefits.claims import ClaimInput, approve_claim, receive_claim
from gojokai_desktop.services.benefits.payments import commit_batch, create_batch
from gojokai_desktop.services.benefits.presets import load_preset
from gojokai_desktop.services.benefits.register import CashBookCheck
from gojokai_desktop.services.benefits.stats import benefit_budget
from gojokai_desktop.services.benefits.tables import table_in_force
from gojokai_desktop.services.members.establishments import get_establishment
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.ui.benefits.due_tab import BenefitDueTab, ClaimDateDialog
from gojokai_desktop.ui.benefits.kind_dialog import KindDialog
from gojokai_desktop.ui.benefits.page import BenefitsPage
from gojokai_desktop.ui.benefits.register_tab import BenefitRegisterTab, check_text
from gojokai_desktop.ui.benefits.stats_part import BudgetDialog
from gojokai_desktop.ui.benefits.table_tab import BenefitTableTab, PresetDialog, SaveTableDialog
from gojokai_desktop.ui.main_window import AppPaths, MainWindow
from gojokai_desktop.ui.members.establishments_page import EstablishmentDialog
from gojokai_desktop.ui.preview import PdfPreviewDialog
from gojokai_desktop.ui.style import STYLE_SHEET
from tests.gui.typing import type_text
from tests.integration import conftest as integration
from tests.integration.benefits.due_people import make_people

pytestmark = pytest.mark.gui
benefit_society = integration.benefit_society  # the society of the benefit service tests
D = dt.date
SHOTS = Path("/tmp/shots")


def _grab(widget, name: str) -> None:
    """Save how the widget looks with the program's style sheet, for a person to look at."""
    SHOTS.mkdir(exist_ok=True)
    widget.setStyleSheet(STYLE_SHEET)
    QApplication.processEvents()  # the new style's sizes are laid out before the grab
    widget.grab().save(str(SHOTS / name))


def test_establishment_account_is_saved_with_names_shown(qtbot, ctx, benefit_society):
    row = get_establishment(ctx, benefit_society.establishment_id)
    dialog = EstablishmentDialog(ctx, row)
    qtbot.addWidget(dialog)
    account = dialog.account
    type_text(account.bank_edit, "0126")
    type_text(account.branch_edit, "101")
    assert (account.bank_name.text(), account.branch_name.text()) == (
        "東邦（トウホウ）",
        "本店営業部（ホンテン）",
    )
    account.account_type_combo.setCurrentIndex(account.account_type_combo.findText("当座"))
    type_text(account.account_edit, "12a4")
    type_text(account.holder_edit, "フクシマショウジ（カ")
    _grab(dialog, "establishment_dialog_account.png")
    dialog.save()
    assert dialog.error_label.text() == "口座番号: 「12a4」は数字だけで入力してください。"
    assert get_establishment(ctx, row.id).data.account_number == ""
    account.account_edit.clear()
    type_text(account.account_edit, "1234")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    data = get_establishment(ctx, row.id).data
    assert (data.bank_code, data.branch_code, data.account_type, data.account_number) == (
        "0126",
        "101",
        "2",
        "0001234",
    )
    reopened = EstablishmentDialog(ctx, get_establishment(ctx, row.id))
    qtbot.addWidget(reopened)
    assert reopened.account.account_edit.text() == "0001234"
    assert reopened.account.bank_name.text() == "東邦（トウホウ）"


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "window.ini", None, tmp_path / "backups")


def test_home_page_shows_the_claims_waiting_and_the_benefits_due(
    qtbot, ctx, benefit_society, app_paths
):
    receive_claim(
        ctx,
        ClaimInput(
            member_id=benefit_society.hanako,
            kind_code="sickness",
            event_date=D(2025, 5, 20),
            claim_date=D(2025, 6, 14),
            days_off=45,
        ),
    )
    mother = receive_claim(
        ctx,
        ClaimInput(
            member_id=benefit_society.hanako,
            kind_code="death_parent",
            family_member_id=benefit_society.mother,
            event_date=D(2025, 5, 1),
            claim_date=D(2025, 6, 1),
            evidence=("死亡診断書の写しまたは会葬礼状",),
        ),
    )
    approve_claim(ctx, mother.row.id, D(2025, 6, 10))
    # Reaches 満70歳 on 2025-06-19, the eve of the birthday: due this month.
    join_member(
        ctx,
        MemberInput(name="高橋　一", name_kana="タカハシ　ハジメ", birth_date=D(1955, 6, 20)),
        benefit_society.establishment_id,
        D(2015, 3, 1),
        effective=D(2015, 4, 1),
    )
    window = MainWindow(ctx, app_paths)
    qtbot.addWidget(window)
    window.resize(1100, 760)
    window.show()
    home = window.home_page
    assert (home.claims_card.value.text(), home.claims_card.note.text()) == (
        "1 件",
        "受付 1件・審査済 0件",
    )
    assert (home.unpaid_card.value.text(), home.unpaid_card.note.text()) == ("10,000 円", "1件")
    assert home.due_card.value.text() == "-"  # counted once the window has painted
    qtbot.waitUntil(lambda: window._due_call is not None)
    assert window._due_call is not None
    window._due_call.wait()
    assert (home.due_card.value.text(), home.due_card.note.text()) == ("1 件", "6月・￥10,000")
    assert home.todo_texts() == [
        "バックアップが1週間以上ありません。［ファイル］→［今すぐバックアップ］",
        "受付のままの給付請求が 1件あります。［慶弔給付］→［請求］で書類を確かめて審査",
        "支給決定・未払の給付が 1件（￥10,000）あります。［慶弔給付］→［支払］で支払予定を作成",
        "今月（6月）給付の該当者が 1件（￥10,000）あります。"
        "［慶弔給付］→［該当者］で案内状を印刷し、請求として受付",
    ]
    _grab(window, "home_page.png")
    home.todo_list.itemActivated.emit(home.todo_list.item(2))
    page = window.pages.currentWidget()
    assert isinstance(page, BenefitsPage)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "支払"


# ---------------------------------------------------------------------------------- 給付表
def _select_kind(tab: BenefitTableTab, code: str) -> int:
    row = next(
        r for r in range(tab.kinds_model.rowCount()) if tab.kinds_model.row_at(r).code == code
    )
    tab.kinds_view.selectRow(row)
    return row


def test_editing_a_kind_and_saving_a_new_version_changes_the_table_in_force(
    qtbot, ctx, benefit_society, monkeypatch, qtmodeltester
):
    tab = BenefitTableTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 640)
    tab.refresh()
    qtmodeltester.check(tab.kinds_model)
    assert tab.source_label.text() == (
        "令和7年度: 保存された給付表はまだありません。"
        "ひな形「小規模互助会 慶弔給付表」の内容で審査しています。"
    )
    row = _select_kind(tab, "marriage")
    assert tab.kinds_model.index(row, 4).data() == "30,000円"
    papers = tab.kinds_model.index(row, 9).data(Qt.ItemDataRole.ToolTipRole)
    assert papers == "戸籍謄本（婚姻の記載があるもの）または婚姻届受理証明書"

    def raise_amount(dialog: KindDialog) -> QDialog.DialogCode:
        assert dialog.code_edit.text() == "marriage"
        dialog.amount_edit.setText("50000")
        dialog.evidence_edit.appendPlainText("結婚式の招待状")
        _grab(dialog, "benefit_kind_dialog.png")
        dialog.accept_kind()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(KindDialog, "exec", raise_amount)
    tab._on_edit_button_clicked()
    assert tab.dirty
    assert tab.kinds_model.index(row, 4).data() == "50,000円"
    _grab(tab, "benefit_table_tab.png")

    def from_2026(dialog: SaveTableDialog) -> QDialog.DialogCode:
        dialog.year_spin.setValue(2026)
        type_text(dialog.note_edit, "第39回通常総会で改定")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SaveTableDialog, "exec", from_2026)
    changed = []
    tab.data_changed.connect(lambda: changed.append(True))
    tab.save_version()
    assert changed == [True]
    new = table_in_force(ctx, 2026)
    marriage = new.table.kind("marriage")
    assert (new.valid_from_year, marriage.rule.amount) == (2026, 50_000)
    assert marriage.evidence[-1] == "結婚式の招待状"
    # The year before keeps the rules it had; the preset was saved as its first version.
    assert table_in_force(ctx, 2025).table.kind("marriage").rule.amount == 30_000
    assert tab.year_spin.value() == 2026
    assert not tab.dirty
    qtmodeltester.check(tab.versions_model)
    versions = tab.versions_model
    assert [versions.index(r, 4).data() for r in range(versions.rowCount())] == [
        "第39回通常総会で改定",
        "それまで使っていたひな形（新しい版より前の年度のため自動で登録）",
    ]
    assert tab.source_label.text() == (
        "令和8年度に適用: 「小規模互助会 慶弔給付表」（令和8年度から・第1版）"
    )


def test_a_bad_band_is_refused_with_its_message(qtbot, ctx, benefit_society, qtmodeltester):
    sickness = load_preset("small_gojokai").kind("sickness")
    dialog = KindDialog(sickness)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.bands_model)
    assert dialog.rule_pages.currentIndex() == 1
    assert dialog.words_label.text().splitlines()[0] == "休業日数 14日以上30日未満 10,000円"
    model = dialog.bands_model
    model.setData(model.index(1, 0), "20")  # the second band now starts inside the first
    dialog.accept_kind()
    assert dialog.kind is None
    assert dialog.error_label.text() == (
        "区分: 区分「14〜」と「20〜」が重なっています"
        "（小さい順に、重ならないように指定してください）"
    )
    _grab(dialog, "benefit_kind_dialog_band_refused.png")
    model.setData(model.index(1, 0), "30")
    model.setData(model.index(1, 2), "五千")
    dialog.accept_kind()
    assert dialog.error_label.text().startswith("区分2行目の金額: ")
    model.setData(model.index(1, 2), "25,000")
    dialog.accept_kind()
    assert dialog.kind is not None
    assert dialog.kind.rule.bands[1].amount == 25_000
    assert dialog.kind.rule.basis == "days_off"


def test_a_preset_saved_from_a_year_and_the_rulebook_printed(
    qtbot, ctx, benefit_society, monkeypatch
):
    tab = BenefitTableTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()

    def choose_004(dialog: PresetDialog) -> QDialog.DialogCode:
        dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("004"))
        dialog.year_spin.setValue(2025)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PresetDialog, "exec", choose_004)
    tab.create_from_preset()
    name_004 = load_preset("004").name
    assert table_in_force(ctx, 2025).table.name == name_004
    assert tab.kinds_model.rowCount() == len(load_preset("004").kinds)
    shown: list[Path] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self.pdf_path))
    tab.print_table()
    text = "".join(page.extract_text() for page in PdfReader(shown[0]).pages)
    assert "慶弔給付一覧表" in text
    assert name_004 in text
    assert "テスト町勤労者互助会" in text


# ---------------------------------------------------------------------------------- 該当者
def _due_tab(qtbot, ctx) -> BenefitDueTab:
    tab = BenefitDueTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 560)
    tab.refresh()
    tab.loader.wait()
    return tab


def _check(tab: BenefitDueTab, person: str) -> None:
    proxy = tab.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 4).data().startswith(person))
    proxy.setData(proxy.index(row, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)


def test_due_tab_makes_claims_of_the_checked_rows(
    qtbot, ctx, benefit_society, monkeypatch, qtmodeltester
):
    make_people(ctx, benefit_society)
    tab = _due_tab(qtbot, ctx)
    qtmodeltester.check(tab.model)
    reasons = [tab.proxy.index(r, 6).data() for r in range(tab.proxy.rowCount())]
    assert sorted(reasons) == sorted(
        ["小学校入学", "中学校入学", "満70歳", "結婚25年", "会員期間10年", "満70歳"]
    )
    _check(tab, "山田　早生")
    _check(tab, "高橋　一")
    assert tab.status_label.text().startswith(
        "表示 6件（未請求 6件・￥90,000）　選択 2件・￥20,000"
    )
    _grab(tab, "benefit_due_tab.png")
    monkeypatch.setattr(ClaimDateDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    changed = []
    tab.data_changed.connect(lambda: changed.append(True))
    tab.claim_checked()
    tab.loader.wait()
    assert changed == [True]
    assert tab.status_label.text() == (
        "2件を受け付けました（R7-0001〜R7-0002）。［請求］で審査・支給決定してください。"
    )
    claims = list_claims(ctx)
    assert sorted((c.kind_code, c.subject_name, c.status, c.claim_date) for c in claims) == [
        ("longevity", "高橋　一", "received", D(2025, 6, 15)),
        ("school_elementary", "山田　早生", "received", D(2025, 6, 15)),
    ]
    assert tab.proxy.rowCount() == 4  # only the unclaimed are shown
    tab.claimed_check.setChecked(True)
    claimed = [tab.proxy.index(r, 8).data() for r in range(tab.proxy.rowCount())]
    assert sorted(c for c in claimed if c) == ["請求済 R7-0001", "請求済 R7-0002"]
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findText("長寿祝金"))
    assert tab.proxy.rowCount() == 2


def test_due_tab_prints_letters_and_writes_the_workbook(
    qtbot, ctx, benefit_society, monkeypatch, tmp_path
):
    make_people(ctx, benefit_society)
    tab = _due_tab(qtbot, ctx)
    type_text(tab.search_edit, "タカハシ")
    assert tab.proxy.rowCount() == 1
    _check(tab, "高橋　一")
    shown: list[Path] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self.pdf_path))

    tab.print_letters()
    text = "".join(page.extract_text() for page in PdfReader(shown[0]).pages)
    assert "高橋　一" in text or "高橋 一" in text
    assert "10,000" in text
    target = tmp_path / "due.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    tab.export()
    sheet = load_workbook(target).active
    names = {cell.value for row in sheet.iter_rows() for cell in row}
    assert {"高橋　一", "山田　早生", "閏　年男"} <= names


# ---------------------------------------------------------------------------------- 台帳・統計
def _paid_claim(ctx, society) -> int:
    claim = receive_claim(
        ctx,
        ClaimInput(
            member_id=society.hanako,
            kind_code="death_parent",
            family_member_id=society.mother,
            event_date=D(2025, 5, 1),
            claim_date=D(2025, 6, 1),
            evidence=("死亡診断書の写しまたは会葬礼状",),
            payment_method="cash",
        ),
    )
    approve_claim(ctx, claim.row.id, D(2025, 6, 10))
    batch = create_batch(ctx, D(2025, 6, 13), [claim.row.id])
    commit_batch(ctx, batch.row.id)
    return claim.row.id


def test_register_tab_shows_the_register_matching_the_cash_book(
    qtbot, ctx, benefit_society, monkeypatch, qtmodeltester
):
    _paid_claim(ctx, benefit_society)
    receive_claim(
        ctx,
        ClaimInput(
            member_id=benefit_society.hanako,
            kind_code="sickness",
            event_date=D(2025, 5, 20),
            claim_date=D(2025, 6, 14),
            days_off=45,
        ),
    )
    tab = BenefitRegisterTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 600)
    tab.refresh()
    part = tab.register_part
    qtmodeltester.check(part.model)
    assert [part.model.index(r, 0).data() for r in range(part.model.rowCount())] == [
        "R7-0001",
        "R7-0002",
    ]
    assert part.totals_label.text() == ("2件　計算額 ￥30,000　決定額 ￥10,000　支払額 ￥10,000")
    assert part.check_label.text() == (
        "出納帳との照合: 令和7年度に支払った給付（台帳を支払日で集計） ￥10,000"
        "・出納帳（給付の支払） ￥10,000 → 一致"
    )
    _grab(tab, "benefit_register_tab.png")
    part.by_combo.setCurrentIndex(part.by_combo.findData("paid"))
    assert part.model.rowCount() == 1
    part.status_combo.setCurrentIndex(part.status_combo.findData("received"))
    assert part.model.rowCount() == 0
    part.by_combo.setCurrentIndex(part.by_combo.findData("event"))
    assert part.model.rowCount() == 1
    part.status_combo.setCurrentIndex(0)
    shown: list[Path] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self.pdf_path))
    part.print_register()
    text = "".join(page.extract_text() for page in PdfReader(shown[0]).pages)
    assert "慶弔給付台帳" in text
    assert "R7-0001" in text
    assert "R7-0002" in text


def test_a_mismatch_with_the_cash_book_is_shown_with_the_difference() -> None:
    check = CashBookCheck(
        2025, register_total=30_000, cash_book_total=20_000, other_year_reversals=0
    )
    assert check_text(check, "令和7年度") == (
        "出納帳との照合: 令和7年度に支払った給付（台帳を支払日で集計） ￥30,000"
        "・出納帳（給付の支払） ￥20,000 → 差額 ￥△10,000（出納帳を確認してください）"
    )


def test_budget_entered_per_kind_shows_in_the_statistics(
    qtbot, ctx, benefit_society, monkeypatch, qtmodeltester
):
    _paid_claim(ctx, benefit_society)
    tab = BenefitRegisterTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 600)
    tab.parts.setCurrentWidget(tab.stats_part)
    stats = tab.stats_part
    stats.year_spin.setValue(2026)  # last year (A) is 2025, whose actual is the 決算見込

    def enter(dialog: BudgetDialog) -> QDialog.DialogCode:
        qtmodeltester.check(dialog.model)
        model = dialog.model
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "結婚祝金")
        assert model.setData(model.index(row, 1), "４")
        assert model.setData(model.index(row, 2), "120,000")
        assert not model.setData(model.index(row, 2), "たくさん")
        assert dialog.total_label.text() == "合計 4件・￥120,000"
        _grab(dialog, "benefit_budget_dialog.png")
        dialog.save()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(BudgetDialog, "exec", enter)
    saved = []
    tab.data_changed.connect(lambda: saved.append(True))
    stats.edit_budget()
    assert saved == [True]
    assert benefit_budget(ctx, 2026) == {
        k.code: (4, 120_000) if k.code == "marriage" else (0, 0)
        for k in load_preset("small_gojokai").kinds
    }
    qtmodeltester.check(stats.model)
    model = stats.model
    cells = {
        model.index(r, 1).data(): [model.index(r, c).data() for c in range(2, 10)]
        for r in range(model.rowCount())
    }
    assert cells["結婚祝金"] == ["-----", "-----", "0", "0", "4", "120,000", "-----", "-----"]
    assert cells["死亡弔慰金（父母）"][2:4] == ["1", "10,000"]
    _grab(tab, "benefit_stats_part.png")


def test_register_and_statistics_are_written_as_workbooks(
    qtbot, ctx, benefit_society, monkeypatch, tmp_path
):
    _paid_claim(ctx, benefit_society)
    tab = BenefitRegisterTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    targets = iter([tmp_path / "register.xlsx", tmp_path / "stats.xlsx"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(next(targets)), ""))
    tab.register_part.export()
    register = {c.value for row in load_workbook(tmp_path / "register.xlsx").active.iter_rows()
                for c in row}  # fmt: skip
    assert {"R7-0001", "死亡弔慰金（父母）", 10_000} <= register
    tab.parts.setCurrentWidget(tab.stats_part)
    tab.stats_part.export()
    stats = {c.value for row in load_workbook(tmp_path / "stats.xlsx").active.iter_rows()
             for c in row}  # fmt: skip
    assert {"死亡弔慰金（父母）", "合計"} <= stats


def test_paid_by_kind_of_five_years_printed_and_written(
    qtbot, ctx, benefit_society, monkeypatch, tmp_path
):
    _paid_claim(ctx, benefit_society)
    tab = BenefitRegisterTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    stats = tab.stats_part
    stats.year_spin.setValue(2025)
    monkeypatch.setattr(stats, "_history_choice", lambda years: "excel")
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "history.xlsx"), "")
    )
    stats.output_history()
    rows = [
        [c.value for c in row]
        for row in load_workbook(tmp_path / "history.xlsx").active.iter_rows()
    ]
    parent = next(row for row in rows if "死亡弔慰金（父母）" in row)
    assert parent[-2:] == [1, 10_000]  # 令和7年度, the last of the five years
    header = next(row for row in rows if "令和3年度" in " ".join(str(c) for c in row))
    assert "令和7年度" in " ".join(str(c) for c in header)
    shown: list[Path] = []
    monkeypatch.setattr(stats, "_history_choice", lambda years: "print")
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self.pdf_path))
    stats.output_history()
    text = "".join(page.extract_text() for page in PdfReader(shown[0]).pages)
    assert "種類別支給実績" in text
    assert "死亡弔慰金（父母）" in text


def test_due_tab_says_why_when_the_list_cannot_be_made(qtbot, ctx, benefit_society, monkeypatch):
    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.ui.benefits import due_tab as benefit_due_tab

    def broken(_ctx, _year):
        raise ValidationError("給付表（2025年度版）: 読めません", "給付表")

    monkeypatch.setattr(benefit_due_tab, "due_list", broken)
    tab = BenefitDueTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    tab.loader.wait()
    assert (
        tab.status_label.text() == "該当者一覧を作れませんでした: 給付表（2025年度版）: 読めません"
    )
