"""First-start setup (and later editing) of the society's profile."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError, problems_of
from gojokai_desktop.domain.membership import format_member_number
from gojokai_desktop.services.auth.login import actor_for_login
from gojokai_desktop.services.auth.passwords import MIN_LENGTH
from gojokai_desktop.services.context import Actor, AppContext
from gojokai_desktop.services.society import FirstAdministrator, SocietyProfile, save_profile
from gojokai_desktop.ui.widgets import FormErrors

#: The member-number formats a clerk chooses from, each shown by an example (事業所12の34人目,
#: 1,234人目の会員); the pattern itself is shown only under 詳細.
NUMBER_PATTERNS = (
    ("{establishment:04d}-{person:03d}", "事業所4桁-個人3桁"),
    ("{establishment:03d}-{person:04d}", "事業所3桁-個人4桁"),
    ("{establishment}{person:03d}", "事業所番号＋個人3桁"),
    ("{serial:06d}", "通し番号6桁"),
    ("{serial:05d}", "通し番号5桁"),
    ("{serial}", "通し番号（桁数なし）"),
)
OTHER_PATTERN = "その他（詳細で指定）"


def pattern_example(pattern: str) -> str:
    """``0012-034``: the number of the 34th member of establishment 12 (serial 1,234)."""
    return format_member_number(pattern, establishment_no=12, person_no=34, serial=1234)


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
        self.error_label.hide()
        layout.addWidget(self.error_label)
        fields = dict(self._fields)
        fields["会員番号の形式"] = self.pattern_edit
        self.errors = FormErrors(self.error_label, fields)

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
        for pattern, text in NUMBER_PATTERNS:
            self.pattern_combo.addItem(f"{pattern_example(pattern)}（{text}）", pattern)
        self.pattern_combo.addItem(OTHER_PATTERN, None)
        self.pattern_combo.setToolTip("事業所12の34人目（通し番号1234）の会員番号の例です。")
        self.details_button = QToolButton()
        self.details_button.setText("詳細")
        self.details_button.setCheckable(True)
        self.pattern_edit = QLineEdit(profile.member_number_pattern)
        self.pattern_edit.setToolTip(
            "{establishment:04d} = 事業所番号4桁、{person:03d} = 事業所内の個人番号3桁、"
            "{serial:06d} = 通し番号6桁。自由に組み合わせて入力できます。"
        )
        self.pattern_example = QLabel()
        pattern_row = QHBoxLayout()
        pattern_row.addWidget(self.pattern_combo, 1)
        pattern_row.addWidget(self.details_button)
        self.pattern_box = QWidget()
        self.pattern_box.setLayout(pattern_row)
        pattern_row.setContentsMargins(0, 0, 0, 0)
        known = self.pattern_combo.findData(profile.member_number_pattern)
        self.pattern_combo.setCurrentIndex(known if known >= 0 else len(NUMBER_PATTERNS))
        self.pattern_combo.currentIndexChanged.connect(self._on_pattern_combo_index_changed)
        self.pattern_edit.textChanged.connect(self._on_pattern_edit_text_changed)
        self.details_button.toggled.connect(self._show_details)
        self._on_pattern_edit_text_changed(profile.member_number_pattern)
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
            "会員番号の形式": self.pattern_box,
            "会員番号の形式（詳細）": self.pattern_edit,
            "": self.pattern_example,
            "締め日": self.cutoff_spin,
            "年度開始月": self.fy_start_spin,
            "年度の表記": self.label_combo,
        }
        for label, widget in self._fields.items():
            form.addRow(label + ("（必須）" if label == "団体名" else ""), widget)
        self._form = form
        self._show_details(known < 0)
        self.details_button.setChecked(known < 0)
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

    def _show_details(self, shown: bool) -> None:
        """The pattern itself is for the few who need another format: shown under 詳細."""
        self._form.setRowVisible(self.pattern_edit, shown)

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
        """The member-number format: the chosen one, or the one typed under 詳細."""
        return self.pattern_edit.text().strip()

    def _on_pattern_combo_index_changed(self, _index: int) -> None:
        chosen = self.pattern_combo.currentData()
        if chosen is None:
            self.details_button.setChecked(True)
            return
        if self.pattern_edit.text() != chosen:
            self.pattern_edit.setText(str(chosen))

    def _on_pattern_edit_text_changed(self, text: str) -> None:
        known = self.pattern_combo.findData(text.strip())
        self.pattern_combo.blockSignals(True)
        self.pattern_combo.setCurrentIndex(known if known >= 0 else len(NUMBER_PATTERNS))
        self.pattern_combo.blockSignals(False)
        try:
            example = pattern_example(self.pattern())
        except ValidationError as error:
            self.pattern_example.setText(error.message)
            return
        self.pattern_example.setText(f"例: 事業所12の34人目 → {example}")

    def show_error(self, error: ValidationError) -> None:
        if any(p.field == "会員番号の形式" for p in problems_of(error)):
            self.details_button.setChecked(True)
        self.errors.show(error)

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
