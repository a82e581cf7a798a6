"""振込設定: the society's paying account and its bank's rules for the 総合振込 file."""

from __future__ import annotations

import unicodedata

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.zengin import ACCOUNT_TYPES, TRANSFER_KINDS
from gojokai_desktop.services.accounts.setup import list_bank_accounts
from gojokai_desktop.services.bank_codes import bank, branch, search_banks, search_branches
from gojokai_desktop.services.benefits.zengin import (
    ZenginAccount,
    get_zengin_account,
    save_zengin_account,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.widgets import install_enter_moves_focus

ERROR_STYLE = "color: #c62828;"
NAME_STYLE = "color: #1d3f6e;"
MARKS = {"長音": "長音（ー）", "中点": "中点（・）"}
CHOICES: dict[str, dict[str, str]] = {
    "長音": {"-": "「-」に置き換える", "": "削除する"},
    "中点": {".": "「.」にする", " ": "空白にする"},
    "改行": {"crlf": "レコードごとに改行（CR LF）", "none": "改行なし（1行につなげる）"},
    "文字コード": {"cp932": "シフトJIS（cp932）", "jis_x0201": "JIS（JIS X 0201）"},
    "振込指定区分": {code: f"{code}: {label}" for code, label in TRANSFER_KINDS.items()},
    "依頼人の預金種目": dict(ACCOUNT_TYPES),
}


def _digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _combo(choices: dict[str, str]) -> QComboBox:
    combo = QComboBox()
    for code, label in choices.items():
        combo.addItem(label, code)
    return combo


class ZenginSettingsDialog(QDialog):
    """The 依頼人 and the debited account, with bank and branch names found from their codes;
    every field is checked as the file's header record will check it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: ZenginAccount | None = None
        self._errors: dict[str, QLabel] = {}
        self.setWindowTitle("振込設定（全銀 総合振込ファイル）")
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        layout.addWidget(self._account_group())
        layout.addWidget(self._file_group())
        self.general_error = QLabel("")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("閉じる")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.bank_code_edit.textEdited.connect(self._on_bank_code_edited)
        self.branch_code_edit.textEdited.connect(self._on_branch_code_edited)
        install_enter_moves_focus(self)
        current = get_zengin_account(ctx)
        if current is not None:
            self.show_account(current)

    # -- layout ----------------------------------------------------------------------------
    def _field(self, widget: QWidget, field: str, extra: QWidget | None = None) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        line = QHBoxLayout()
        line.addWidget(widget)
        if extra is not None:
            line.addWidget(extra, 1)
        else:
            line.addStretch(1)
        column.addLayout(line)
        error = QLabel("")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self._errors[field] = error
        return box

    def _account_group(self) -> QGroupBox:
        group = QGroupBox("依頼人（団体）と引落口座")
        form = QFormLayout(group)
        self.requester_code_edit = QLineEdit()
        self.requester_code_edit.setPlaceholderText("銀行から通知された10桁")
        self.requester_code_edit.setMaximumWidth(160)
        self.requester_name_edit = QLineEdit()
        self.requester_name_edit.setPlaceholderText("例: フクシマシキンロウシヤゴジヨカイ")
        self.requester_name_edit.setMinimumWidth(380)
        self.bank_code_edit = QLineEdit()
        self.bank_code_edit.setPlaceholderText("4桁か銀行名")
        self.bank_code_edit.setMaximumWidth(120)
        self.bank_found = QLabel("")
        self.bank_found.setWordWrap(True)
        self.bank_name_edit = QLineEdit()
        self.bank_name_edit.setPlaceholderText("コードを入れると一覧から入ります")
        self.bank_name_edit.setMinimumWidth(260)
        self.branch_code_edit = QLineEdit()
        self.branch_code_edit.setPlaceholderText("3桁か支店名")
        self.branch_code_edit.setMaximumWidth(120)
        self.branch_found = QLabel("")
        self.branch_found.setWordWrap(True)
        self.branch_name_edit = QLineEdit()
        self.branch_name_edit.setPlaceholderText("コードを入れると一覧から入ります")
        self.branch_name_edit.setMinimumWidth(260)
        self.account_type_combo = _combo(CHOICES["依頼人の預金種目"])
        self.account_number_edit = QLineEdit()
        self.account_number_edit.setPlaceholderText("7桁まで")
        self.account_number_edit.setMaximumWidth(120)
        self.bank_account_combo = QComboBox()
        self.bank_account_combo.addItem("（会計の最初の預金口座）", None)
        for account in list_bank_accounts(self.ctx):
            self.bank_account_combo.addItem(account.name, account.id)
        form.addRow("依頼人コード", self._field(self.requester_code_edit, "依頼人コード"))
        form.addRow("依頼人名（カナ）", self._field(self.requester_name_edit, "依頼人名"))
        form.addRow(
            "仕向銀行コード", self._field(self.bank_code_edit, "仕向銀行番号", self.bank_found)
        )
        form.addRow("銀行名（カナ）", self._field(self.bank_name_edit, "仕向銀行名"))
        form.addRow(
            "仕向支店コード",
            self._field(self.branch_code_edit, "仕向支店番号", self.branch_found),
        )
        form.addRow("支店名（カナ）", self._field(self.branch_name_edit, "仕向支店名"))
        form.addRow("預金種目", self._field(self.account_type_combo, "依頼人の預金種目"))
        form.addRow("口座番号", self._field(self.account_number_edit, "依頼人の口座番号"))
        form.addRow("出納帳の預金口座", self._field(self.bank_account_combo, "預金口座"))
        return group

    def _file_group(self) -> QGroupBox:
        group = QGroupBox("全銀ファイルの形式（取引銀行の指定に合わせてください）")
        form = QFormLayout(group)
        self.long_vowel_combo = _combo(CHOICES["長音"])
        self.middle_dot_combo = _combo(CHOICES["中点"])
        self.line_ending_combo = _combo(CHOICES["改行"])
        self.encoding_combo = _combo(CHOICES["文字コード"])
        self.transfer_kind_combo = _combo(CHOICES["振込指定区分"])
        for label, combo in (
            ("長音", self.long_vowel_combo),
            ("中点", self.middle_dot_combo),
            ("改行", self.line_ending_combo),
            ("文字コード", self.encoding_combo),
            ("振込指定区分", self.transfer_kind_combo),
        ):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            form.addRow(MARKS.get(label, label), self._field(combo, label))
        return group

    # -- lookups ---------------------------------------------------------------------------
    def _on_bank_code_edited(self, text: str) -> None:
        code = _digits(text)
        if code.isdigit() and len(code) == 4:
            found = bank(code)
            if found is None:
                self._found(
                    self.bank_found, "一覧にない金融機関コードです（名前を入力してください）"
                )
            else:
                self._found(self.bank_found, f"{found.name}（{found.kana}）", ok=True)
                self.bank_name_edit.setText(found.kana)
        elif code and not code.isdigit():
            hits = search_banks(code, limit=5)
            self._found(
                self.bank_found,
                "候補: " + "、".join(f"{h.code} {h.name}" for h in hits) if hits else "該当なし",
                ok=bool(hits),
            )
        else:
            self._found(self.bank_found, "")
        self._on_branch_code_edited(self.branch_code_edit.text())

    def _on_branch_code_edited(self, text: str) -> None:
        bank_code, code = _digits(self.bank_code_edit.text()), _digits(text)
        if bank(bank_code) is None or not code:
            self._found(self.branch_found, "")
        elif code.isdigit() and len(code) == 3:
            found = branch(bank_code, code)
            if found is None:
                self._found(self.branch_found, "この銀行の一覧にない支店コードです")
            else:
                self._found(self.branch_found, f"{found.name}（{found.kana}）", ok=True)
                self.branch_name_edit.setText(found.kana)
        elif not code.isdigit():
            hits = search_branches(bank_code, code, limit=5)
            self._found(
                self.branch_found,
                "候補: " + "、".join(f"{h.code} {h.name}" for h in hits) if hits else "該当なし",
                ok=bool(hits),
            )

    @staticmethod
    def _found(label: QLabel, text: str, *, ok: bool = False) -> None:
        label.setText(text)
        label.setStyleSheet(NAME_STYLE if ok else ERROR_STYLE)

    # -- values ----------------------------------------------------------------------------
    def show_account(self, account: ZenginAccount) -> None:
        self.requester_code_edit.setText(account.requester_code)
        self.requester_name_edit.setText(account.requester_name)
        self.bank_code_edit.setText(account.bank_code)
        self.bank_name_edit.setText(account.bank_name)
        self.branch_code_edit.setText(account.branch_code)
        self.branch_name_edit.setText(account.branch_name)
        self.account_number_edit.setText(account.account_number)
        for combo, value in (
            (self.account_type_combo, account.account_type),
            (self.bank_account_combo, account.bank_account_id),
            (self.long_vowel_combo, account.long_vowel),
            (self.middle_dot_combo, account.middle_dot),
            (self.line_ending_combo, account.line_ending),
            (self.encoding_combo, account.encoding),
            (self.transfer_kind_combo, account.transfer_kind),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        for label, (text, known) in (
            (self.bank_found, self._bank_text(account.bank_code)),
            (self.branch_found, self._branch_text(account.bank_code, account.branch_code)),
        ):
            self._found(label, text, ok=known)

    @staticmethod
    def _bank_text(code: str) -> tuple[str, bool]:
        found = bank(code)
        return (f"{found.name}（{found.kana}）", True) if found else ("", False)

    @staticmethod
    def _branch_text(bank_code: str, code: str) -> tuple[str, bool]:
        found = branch(bank_code, code)
        return (f"{found.name}（{found.kana}）", True) if found else ("", False)

    def account(self) -> ZenginAccount:
        return ZenginAccount(
            requester_code=_digits(self.requester_code_edit.text()),
            requester_name=self.requester_name_edit.text().strip(),
            bank_code=_digits(self.bank_code_edit.text()),
            bank_name=self.bank_name_edit.text().strip(),
            branch_code=_digits(self.branch_code_edit.text()),
            branch_name=self.branch_name_edit.text().strip(),
            account_type=str(self.account_type_combo.currentData()),
            account_number=_digits(self.account_number_edit.text()),
            bank_account_id=self.bank_account_combo.currentData(),
            long_vowel=str(self.long_vowel_combo.currentData()),
            middle_dot=str(self.middle_dot_combo.currentData()),
            line_ending=str(self.line_ending_combo.currentData()),
            encoding=str(self.encoding_combo.currentData()),
            transfer_kind=str(self.transfer_kind_combo.currentData()),
        )

    def save(self) -> None:
        for label in self._errors.values():
            label.hide()
        self.general_error.setText("")
        try:
            self.saved = save_zengin_account(self.ctx, self.account())
        except ValidationError as error:
            shown = self._errors.get(error.field)
            if shown is None:
                self.general_error.setText(error.message)
            else:
                shown.setText(error.message)
                shown.show()
            return
        self.accept()
