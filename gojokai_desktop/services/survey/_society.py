"""Sources about the society itself (団体情報) and the year the survey asks about."""

from __future__ import annotations

from collections.abc import Collection

from gojokai_desktop.db.models import SocietySettings
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.survey.figures import Figure, Scope, SourceInfo

_FIELDS = {
    "society.name": ("name", "団体名"),
    "society.representative": ("representative_name", "代表者氏名"),
    "society.representative_title": ("representative_title", "代表者の役職"),
    "society.postal_code": ("postal_code", "郵便番号"),
    "society.address": ("address", "所在地"),
    "society.phone": ("phone", "電話番号"),
    "society.clerk": ("clerk_name", "事務担当者"),
}
SOURCES = (
    SourceInfo("society.name", "団体名（設定の団体情報）", "text"),
    SourceInfo("society.representative", "代表者の氏名（設定の団体情報）", "text"),
    SourceInfo("society.representative_title", "代表者の役職（会長など）", "text"),
    SourceInfo("society.postal_code", "団体の郵便番号", "text"),
    SourceInfo("society.address", "団体の所在地（郵便番号を除く）", "text"),
    SourceInfo("society.phone", "団体の電話番号", "text"),
    SourceInfo("society.clerk", "事務担当者の氏名（設定の団体情報）", "text"),
    SourceInfo("fiscal_year.label", "調査する年度の表記（令和7年度）", "text"),
    SourceInfo("fiscal_year.first_day", "調査する年度の初日（4月1日）", "date"),
    SourceInfo("fiscal_year.last_day", "調査する年度の末日（3月31日）", "date"),
)
NAMES = frozenset(s.name for s in SOURCES)


def figures(scope: Scope, wanted: Collection[str]) -> dict[str, Figure]:
    """The society's profile fields and the year's label and dates that ``wanted`` names."""
    out: dict[str, Figure] = {}
    row = scope.session.get(SocietySettings, 1)
    for name in wanted:
        if name == "fiscal_year.label":
            out[name] = Figure(name, scope.label, f"調査票の年度 {scope.period}。")
        elif name == "fiscal_year.first_day":
            out[name] = Figure(
                name, scope.first, f"{scope.label}の初日 {format_wareki(scope.first)}。"
            )
        elif name == "fiscal_year.last_day":
            out[name] = Figure(
                name, scope.last, f"{scope.label}の末日 {format_wareki(scope.last)}。"
            )
        elif name in _FIELDS:
            attribute, label = _FIELDS[name]
            if row is None:
                out[name] = Figure(
                    name, None, "団体情報が登録されていません（設定で登録してください）。"
                )
                continue
            value = str(getattr(row, attribute) or "")
            how = f"設定の団体情報の「{label}」。"
            if not value:
                how = (
                    f"設定の団体情報の「{label}」が空です（設定で登録するか、手で答えてください）。"
                )
            out[name] = Figure(name, value or None, how)
    return out
