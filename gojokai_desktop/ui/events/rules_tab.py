"""補助・決まり: the society's subsidy table (定額 or by band of the cost per person), the
yearly limits per member and the labour bank's amount, saved as a new version from a year on.
Changing them is an administrator's action (the logins-and-roles work enforces it)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.events.rules import (
    KIND_LABELS,
    Amounts,
    EventRules,
    SubsidyBand,
    SubsidyRule,
)
from gojokai_desktop.domain.yen import parse_yen
from gojokai_desktop.services.auth.roles import has_role
from gojokai_desktop.services.events.rules import (
    PRESETS,
    RulesVersionRow,
    load_preset,
    rules_in_force,
    rules_versions,
    save_rules,
)
from gojokai_desktop.ui.events.common import EventsHost, ask, fit, refuse, table
from gojokai_desktop.ui.events.grids import TextGridModel
from gojokai_desktop.ui.table_base import Column, RowsTableModel
from gojokai_desktop.ui.widgets import YenEdit

BASIS_WORDS = {"fixed": "定額", "cost": "費用"}
PRESET_LABELS = {
    "small_gojokai": "小規模な互助会の例",
    "004": "004 互助組合（研修旅行は費用の区分）",
}
VERSION_COLUMNS: tuple[Column[RulesVersionRow], ...] = (
    Column("適用開始", lambda r: f"{r.valid_from_year}年度"),
    Column("版", lambda r: r.version, "int"),
    Column("名前", lambda r: r.name),
    Column("保存日時", lambda r: f"{r.saved_at:%Y-%m-%d %H:%M}"),
    Column("保存した人", lambda r: r.saved_by),
    Column("メモ", lambda r: r.note),
)


class SubsidyGridModel(TextGridModel):
    """One row per band; rows with the same 記号 are one rule, in order."""

    HEADERS = ("記号", "名前", "方式（定額・費用）", "費用がこの額未満", "会員", "家族", "一般")

    def set_rules(self, rules: EventRules) -> None:
        rows: list[list[str]] = []
        for rule in rules.subsidies:
            bands = rule.bands if rule.basis == "cost" else (SubsidyBand(None, rule.fixed),)
            for band in bands:
                rows.append(
                    [
                        rule.code,
                        rule.name,
                        BASIS_WORDS[rule.basis],
                        "" if band.below is None else f"{band.below:,}",
                        *(f"{band.amounts.of(c):,}" for c in ("member", "family", "guest")),
                    ]
                )
        self.set_texts(rows, [None] * len(rows))

    def subsidies(self) -> tuple[SubsidyRule, ...]:
        """The rows read back; an amount or a mode that cannot be read names its row."""
        rules: list[SubsidyRule] = []
        for number, row in enumerate(self._rows, start=1):
            if not any(row):
                continue
            where = f"補助の表（{number}行目）"
            basis = {"定額": "fixed", "費用": "cost"}.get(row[2].strip())
            if basis is None:
                raise ValidationError(
                    "方式は「定額」か「費用」と書いてください。", f"{where}の方式"
                )
            amounts = Amounts(
                *(_yen(row[i], f"{where}の{h}") for i, h in ((4, "会員"), (5, "家族"), (6, "一般")))
            )
            below = _yen(row[3], f"{where}の上限") if row[3].strip() else None
            if rules and rules[-1].code == row[0].strip():
                last = rules[-1]
                rules[-1] = SubsidyRule(
                    last.code,
                    last.name,
                    last.basis,
                    last.fixed,
                    (*last.bands, SubsidyBand(below, amounts)),
                )
                continue
            rules.append(
                SubsidyRule(
                    row[0].strip(),
                    row[1].strip(),
                    basis,
                    amounts if basis == "fixed" else Amounts(),
                    (SubsidyBand(below, amounts),) if basis == "cost" else (),
                )
            )
        return tuple(rules)


def _yen(text: str, field: str) -> int:
    return parse_yen(text, field) if text.strip() else 0


class RulesTab(QWidget):
    """Edit the rules, then save them as a new version from a fiscal year on."""

    data_changed = Signal()

    def __init__(self, page: EventsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        note = QLabel(
            "会の補助（1人当たり）: 定額か、1人当たり費用の区分"
            "（例: 10万円未満 会員5,000円・家族3,000円）。"
            "区分は1行に1つ、同じ記号の行が1つの補助です。保存すると新しい版になり、"
            "前の版で登録した行事の補助額は変わりません（変更は管理者の作業です）。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.grid = SubsidyGridModel(self)
        self.grid_view = QTableView()
        self.grid_view.setModel(self.grid)
        self.grid_view.verticalHeader().setVisible(False)
        self.grid_view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.grid_view, 2)
        rows_bar = QHBoxLayout()
        add, remove = QPushButton("行を追加"), QPushButton("選んだ行を削除")
        add.clicked.connect(lambda _c: self.grid.add_row(["", "", "定額", "", "0", "0", "0"]))
        remove.clicked.connect(lambda _c: self.grid.remove_row(self.grid_view.currentIndex().row()))
        self.preset_combo = QComboBox()
        for key, label in PRESET_LABELS.items():
            if key in PRESETS:
                self.preset_combo.addItem(label, key)
        preset_button = QPushButton("ひな形を読み込む")
        preset_button.clicked.connect(self._on_preset_clicked)
        for widget in (add, remove):
            rows_bar.addWidget(widget)
        rows_bar.addStretch(1)
        rows_bar.addWidget(self.preset_combo)
        rows_bar.addWidget(preset_button)
        layout.addLayout(rows_bar)
        layout.addWidget(self._limits())
        layout.addLayout(self._save_form())
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.version_model: RowsTableModel[RulesVersionRow] = RowsTableModel(VERSION_COLUMNS, self)
        self.version_view = table(self.version_model, sortable=False)
        self.version_view.setMaximumHeight(130)
        layout.addWidget(self.version_view, 1)
        self.save_button.clicked.connect(self._on_save_clicked)

    def _limits(self) -> QGroupBox:
        limits = QGroupBox("会員1人が1年度に申し込める回数（0は制限なし）と労働金庫の助成")
        limits_layout = QHBoxLayout(limits)
        self.limit_spins: dict[str, QSpinBox] = {}
        for code, label in KIND_LABELS.items():
            spin = QSpinBox()
            spin.setRange(0, 99)
            spin.setSuffix(" 回")
            limits_layout.addWidget(QLabel(label))
            limits_layout.addWidget(spin)
            self.limit_spins[code] = spin
        self.per_head_edit = YenEdit(field="ろうきん助成（1人当たり）", required=True)
        self.per_head_edit.setMaximumWidth(90)
        limits_layout.addWidget(QLabel("ろうきん助成 1人"))
        limits_layout.addWidget(self.per_head_edit)
        limits_layout.addWidget(QLabel("円まで"))
        limits_layout.addStretch(1)
        return limits

    def _save_form(self) -> QFormLayout:
        save_form = QFormLayout()
        save_row = QHBoxLayout()
        self.name_edit = QLineEdit()
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2200)
        self.year_spin.setSuffix(" 年度から")
        self.memo_edit = QLineEdit()
        self.memo_edit.setPlaceholderText("例: 総会で研修旅行の補助を改定")
        self.save_button = QPushButton("新しい版として保存")
        if not has_role(self.ctx, "admin"):  # the service refuses anyone else too
            self.save_button.setEnabled(False)
            self.save_button.setToolTip("行事の決まり（補助）の保存は管理者だけができます")
        save_row.addWidget(self.year_spin)
        save_row.addWidget(self.memo_edit, 1)
        save_row.addWidget(self.save_button)
        save_form.addRow("名前", self.name_edit)
        save_form.addRow("適用", save_row)
        return save_form

    def load(self) -> None:
        found = rules_in_force(self.ctx, self.page.fiscal_year)
        self.show_rules(found.rules)
        self.year_spin.setValue(self.page.fiscal_year)
        self.version_model.set_rows(rules_versions(self.ctx))
        fit(self.version_view)
        origin = (
            f"{found.valid_from_year}年度版（第{found.version}版）"
            if found.version_id is not None
            else "ひな形（まだ保存されていません）"
        )
        self.message.setText(f"{self.page.year_label_text()}に使われる決まり: {origin}")

    def show_rules(self, rules: EventRules) -> None:
        self.grid.set_rules(rules)
        fit(self.grid_view)
        self.name_edit.setText(rules.name)
        for code, spin in self.limit_spins.items():
            spin.setValue(rules.yearly_limits.get(code, 0))
        self.per_head_edit.setValue(rules.labour_bank_per_head)

    def rules(self) -> EventRules:
        if not self.per_head_edit.commit():
            raise ValidationError(self.per_head_edit.error() or "", self.per_head_edit.field())
        return EventRules(
            name=self.name_edit.text().strip() or "行事の補助",
            valid_from_year=self.year_spin.value(),
            subsidies=self.grid.subsidies(),
            yearly_limits={k: s.value() for k, s in self.limit_spins.items() if s.value()},
            labour_bank_per_head=self.per_head_edit.value() or 0,
        )

    def _on_preset_clicked(self) -> None:
        key = self.preset_combo.currentData()
        if key is not None:
            self.show_rules(load_preset(str(key)))
            self.message.setText(
                "ひな形を読み込みました。確かめて［新しい版として保存］を押してください。"
            )

    def _on_save_clicked(self) -> None:
        try:
            rules = self.rules()
        except (ValidationError, RuleViolation) as error:
            refuse(self, "補助の表", error)
            return
        year = self.year_spin.value()
        if not ask(
            self,
            "補助の表",
            f"{year}年度からの決まりとして保存します。保存済みの行事の補助額は変わりません。",
            "保存する",
        ):
            return
        try:
            save_rules(self.ctx, rules, year, self.memo_edit.text())
        except (ValidationError, RuleViolation) as error:
            refuse(self, "補助の表", error)
            return
        self.load()
        self.message.setText(f"{year}年度からの決まりを保存しました。")
        self.data_changed.emit()
