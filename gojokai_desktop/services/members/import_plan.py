"""An import as checked: its rows, what happens to each, the establishments it creates."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field, replace

from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.members.import_read import RowError
from gojokai_desktop.services.members.import_sheets import Companions, EstablishmentSheetRow
from gojokai_desktop.services.members.records import MemberInput

ACTIONS = ("add", "update", "skip")
ACTION_LABELS = {"add": "追加", "update": "更新", "skip": "スキップ", "refuse": "取り込まない"}


@dataclass(frozen=True)
class NewEstablishment:
    """An establishment the import creates: from the 事業所 sheet, or from a row's number
    and name (kana only when the sheet has it)."""

    number: int | None
    name: str
    kana: str
    sheet: EstablishmentSheetRow | None = None

    @property
    def key(self) -> tuple[int | None, str]:
        """Rows naming the same new establishment share it: by number, else by name."""
        if self.number is not None:
            return self.number, ""
        return None, "".join(unicodedata.normalize("NFKC", self.name).split())

    @classmethod
    def from_sheet(cls, row: EstablishmentSheetRow) -> NewEstablishment:
        return cls(row.number, row.data.name, row.data.name_kana, row)


@dataclass(frozen=True)
class ImportRow:
    """A checked row: the member it describes, its establishment, and what will happen."""

    row: int
    data: MemberInput | None
    establishment: str  # as the preview shows it: 「0012 福島商事」, 「（新規）みどり運送」
    join_date: dt.date | None
    errors: tuple[RowError, ...] = ()
    duplicate_of: str = ""  # 会員番号 of the register match, or "ファイル内 N行目"
    duplicate_member_id: int | None = None
    action: str = "add"
    leave_date: dt.date | None = None
    leave_reason: str | None = None
    establishment_id: int | None = None  # an establishment the register has
    new_establishment: NewEstablishment | None = None  # one the import creates
    join_from_default: bool = False  # the one date for every row, not the row's own


@dataclass
class ImportPlan:
    """Everything the preview shows; the clerk may change ``action`` of duplicate rows."""

    source: str
    rows: list[ImportRow]
    companions: Companions = field(default_factory=Companions)
    file_messages: list[str] = field(default_factory=list)
    default_join_date: dt.date | None = None
    profile_needed: bool = False  # the database has no society profile yet
    sheet_establishments: list[NewEstablishment] = field(default_factory=list)

    def set_action(self, index: int, action: str) -> None:
        row = self.rows[index]
        if row.errors:
            raise RuleViolation(f"{row.row}行目には誤りがあるため取り込めません。")
        if action not in ACTIONS or (action == "update" and row.duplicate_member_id is None):
            raise RuleViolation(
                f"{row.row}行目は「{ACTION_LABELS.get(action, action)}」にできません。"
            )
        self.rows[index] = replace(row, action=action)

    def counts(self) -> dict[str, int]:
        result = dict.fromkeys(("add", "update", "skip", "refuse"), 0)
        for row in self.rows:
            result[row.action] += 1
        return result

    def establishments_to_create(self) -> list[NewEstablishment]:
        """The 事業所 sheet's new establishments, then those of rows that are added."""
        made: dict[tuple[int | None, str], NewEstablishment] = {}
        for est in self.sheet_establishments:
            made.setdefault(est.key, est)
        for row in self.rows:
            if row.action == "add" and row.new_establishment is not None:
                made.setdefault(row.new_establishment.key, row.new_establishment)
        return list(made.values())

    @property
    def new_establishments(self) -> list[str]:
        """The names of the establishments the import will create."""
        return [est.name for est in self.establishments_to_create()]


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    skipped: int
    refused: int
    lines: tuple[tuple[int, str, str, str], ...]  # row, 結果, 会員番号・氏名, 内容
    establishments_created: int = 0
    family_added: int = 0
