"""First-start setup (and later editing) of the society's profile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.membership import format_member_number
from gojokai_desktop.services.auth.login import actor_for_login
from gojokai_desktop.services.auth.passwords import MIN_LENGTH
from gojokai_desktop.services.context import Actor, AppContext
from gojokai_desktop.services.society import FirstAdministrator, SocietyProfile, save_profile

NUMBER_PATTERNS = (
    ("{establishment:04d}-{person:03d}", "事業所4桁-個人3桁"),
    ("{establishment:03d}-{person:04d}", "事業所3桁-個人4桁"),
    ("{serial:06d}", "通し番号6桁"),
    ("{serial:05d}", "通し番号5桁"),
)

LABEL_RULES = (
    ("start", "年度の初日の元号で表す（平成31年度）"),
    ("reiwa_gannen", "2019年度を令和元年度と表す"),
)


class SetupDialog(QDialog):
    """Asks for what the program needs before the first member is entered."""

    def __init__(
        self,
        ctx: AppContext,
        profile: SocietyProfile | None = None,
        parent: QWidget | None = None,
        *,
        login_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved_profile: SocietyProfile | None = None
        self.administrator: Actor | None = None
        first = profile is None
        self.first = first
        self.login_name = login_name
        profile = profile or SocietyProfile(name="")
        self.setWindowTitle("はじめての設定" if first else "団体情報")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "互助会の基本情報を入力してください。あとから［設定］でいつでも変更できます。"
            if first
            else "互助会の基本情報"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        layout.addLayout(self._build_form(profile))
        if first:
            layout.addWidget(self._build_administrator())

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            "終了" if first else "キャンセル"
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _build_form(self, profile: SocietyProfile) -> QFormLayout:
        form = QFormLayout()
        self.name_edit = self._line(profile.name, "例: ○○町勤労者互助会")
        self.postal_edit = self._line(profile.postal_code, "例: 960-8101")
        self.address_edit = self._line(profile.address, "例: 福島県福島市杉妻町2-16")
        self.phone_edit = self._line(profile.phone, "例: 024-521-1111")
        self.title_edit = self._line(profile.representative_title, "例: 会長")
        self.representative_edit = self._line(profile.representative_name, "")
        self.clerk_edit = self._line(profile.clerk_name, "")
        self.pattern_combo = QComboBox()
        self.pattern_combo.setEditable(True)
        for pattern, text in NUMBER_PATTERNS:
            self.pattern_combo.addItem(f"{text}  {pattern}", pattern)
        self.pattern_combo.setToolTip(
            "{establishment:04d} = 事業所番号4桁、{person:03d} = 事業所内の個人番号3桁、"
            "{serial:06d} = 通し番号6桁。自由に組み合わせて入力することもできます。"
        )
        known = self.pattern_combo.findData(profile.member_number_pattern)
        if known >= 0:
            self.pattern_combo.setCurrentIndex(known)
        else:
            self.pattern_combo.setEditText(profile.member_number_pattern)
        self.pattern_example = QLabel()
        self.pattern_combo.currentTextChanged.connect(self._on_pattern_combo_text_changed)
        self._on_pattern_combo_text_changed()
        self.cutoff_spin = QSpinBox()
        self.cutoff_spin.setRange(1, 31)
        self.cutoff_spin.setValue(profile.cutoff_day)
        self.cutoff_spin.setSuffix(" 日")
        self.fy_start_spin = QSpinBox()
        self.fy_start_spin.setRange(1, 12)
        self.fy_start_spin.setValue(profile.fiscal_year_start_month)
        self.fy_start_spin.setSuffix(" 月")
        self.label_combo = QComboBox()
        for key, text in LABEL_RULES:
            self.label_combo.addItem(text, key)
        self.label_combo.setCurrentIndex(
            max(0, self.label_combo.findData(profile.fiscal_label_rule))
        )

        self._fields: dict[str, QWidget] = {
            "団体名": self.name_edit,
            "郵便番号": self.postal_edit,
            "住所": self.address_edit,
            "電話番号": self.phone_edit,
            "代表者の役職": self.title_edit,
            "代表者氏名": self.representative_edit,
            "事務担当者": self.clerk_edit,
            "会員番号の形式": self.pattern_combo,
            "": self.pattern_example,
            "締め日": self.cutoff_spin,
            "年度開始月": self.fy_start_spin,
            "年度の表記": self.label_combo,
        }
        for label, widget in self._fields.items():
            form.addRow(label + ("（必須）" if label == "団体名" else ""), widget)
        return form

    def _build_administrator(self) -> QGroupBox:
        """The first administrator: login name (the PC's own, suggested) and a password."""
        box = QGroupBox("管理者（このプログラムの管理をする人）")
        form = QFormLayout(box)
        self.admin_login_edit = self._line(self.login_name or "admin", "半角英数字（例: admin）")
        self.admin_password_edit = QLineEdit()
        self.admin_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_again_edit = QLineEdit()
        self.admin_again_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("ログイン名", self.admin_login_edit)
        form.addRow(f"パスワード（{MIN_LENGTH}文字以上）", self.admin_password_edit)
        form.addRow("パスワード（確認）", self.admin_again_edit)
        note = QLabel(
            "起動のたびにこのパスワードでログインします。事務担当・監事の利用者は、"
            "あとから［設定］→［利用者］で追加できます。"
        )
        note.setWordWrap(True)
        form.addRow(note)
        self._fields.update(
            {
                "ログイン名": self.admin_login_edit,
                "パスワード": self.admin_password_edit,
                "パスワード（確認）": self.admin_again_edit,
            }
        )
        return box

    def _line(self, value: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setPlaceholderText(placeholder)
        return edit

    def profile(self) -> SocietyProfile:
        return SocietyProfile(
            name=self.name_edit.text(),
            postal_code=self.postal_edit.text(),
            address=self.address_edit.text(),
            phone=self.phone_edit.text(),
            representative_title=self.title_edit.text(),
            representative_name=self.representative_edit.text(),
            clerk_name=self.clerk_edit.text(),
            member_number_pattern=self.pattern(),
            cutoff_day=self.cutoff_spin.value(),
            fiscal_year_start_month=self.fy_start_spin.value(),
            fiscal_label_rule=str(self.label_combo.currentData()),
        )

    def pattern(self) -> str:
        """The chosen preset's format, or what the clerk typed."""
        index = self.pattern_combo.findText(self.pattern_combo.currentText())
        if index >= 0:
            return str(self.pattern_combo.itemData(index))
        return self.pattern_combo.currentText().strip()

    def _on_pattern_combo_text_changed(self, _text: str = "") -> None:
        try:
            example = format_member_number(
                self.pattern(), establishment_no=12, person_no=34, serial=1234
            )
        except ValidationError as error:
            self.pattern_example.setText(error.message)
            return
        self.pattern_example.setText(f"例: 事業所12の34人目 → {example}")

    def show_error(self, error: ValidationError) -> None:
        self.error_label.setText(
            f"{error.field}: {error.message}" if error.field else error.message
        )
        self.error_label.show()
        widget = self._fields.get(error.field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_buttons_accepted(self) -> None:
        administrator = None
        if self.first:
            if self.admin_password_edit.text() != self.admin_again_edit.text():
                self.show_error(ValidationError("2回の入力が違います。", "パスワード（確認）"))
                return
            administrator = FirstAdministrator(
                self.admin_login_edit.text(), self.admin_password_edit.text()
            )
        try:
            self.saved_profile = save_profile(self.ctx, self.profile(), administrator)
        except (ValidationError, RuleViolation) as error:
            self.show_error(
                error if isinstance(error, ValidationError) else ValidationError(error.message)
            )
            return
        if administrator is not None:
            self.administrator = actor_for_login(self.ctx, administrator.login.strip())
        self.accept()
