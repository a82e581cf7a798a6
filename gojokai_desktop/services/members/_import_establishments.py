"""Which establishment a roster row names: the register's, the 事業所 sheet's, or a new one."""

from __future__ import annotations

import unicodedata

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.kana import validate_furigana
from gojokai_desktop.services.members.import_plan import NewEstablishment
from gojokai_desktop.services.members.import_sheets import Companions


class EstablishmentIndex:
    """The register's establishments as the row checks need them, loaded once."""

    def __init__(self, rows: list[tuple[int, int, str]]) -> None:
        self.by_number: dict[int, tuple[int, str]] = {}
        self.number_of: dict[int, int] = {}
        self.by_name: dict[str, int] = {}
        self.ambiguous: set[str] = set()  # names two establishments share
        for est_id, number, name in rows:
            self.by_number[number] = (est_id, name)
            self.number_of[est_id] = number
            key = name_key(name)
            if key in self.by_name:
                self.ambiguous.add(key)
            self.by_name[key] = est_id


def name_key(name: str) -> str:
    """A name as compared: NFKC, no spaces."""
    return "".join(unicodedata.normalize("NFKC", name).split())


class EstablishmentResolver:
    """Which establishment each row names: one the register has, one the 事業所 sheet lists,
    or a new one made from the row's number and name."""

    def __init__(self, register: EstablishmentIndex, companions: Companions, create: bool) -> None:
        self.register, self.create = register, create
        self.sheet = {e.number: e for e in companions.establishments}
        self.sheet_by_name = {name_key(e.data.name): e for e in companions.establishments}

    def sheet_new(self) -> list[NewEstablishment]:
        """The 事業所 sheet's establishments the register does not have yet."""
        return [
            NewEstablishment.from_sheet(e)
            for e in self.sheet.values()
            if e.number not in self.register.by_number
        ]

    def resolve(
        self, number_text: str, name: str, kana: str
    ) -> tuple[int | None, NewEstablishment | None, str, str]:
        """(existing id, new one, column, problem): exactly one of the first two, or a problem
        named by its column."""
        if not number_text and name.isdigit():
            number_text, name = name, ""  # 「事業所」 holding a number (0012)
        if not number_text and not name:
            return None, None, "事業所", "事業所の番号か名前を入力してください。"
        if number_text:
            return self._by_number(number_text, name, kana)
        key = name_key(name)
        if key in self.register.ambiguous:
            message = "同じ名前の事業所が複数あります。事業所番号で指定してください。"
            return None, None, "事業所", message
        if key in self.register.by_name:
            return self.register.by_name[key], None, "", ""
        if key in self.sheet_by_name:
            return None, NewEstablishment.from_sheet(self.sheet_by_name[key]), "", ""
        if not self.create:
            return None, None, "事業所", "登録されていない事業所です。"
        return None, NewEstablishment(None, name, _kana(kana)), "", ""

    def _by_number(
        self, text: str, name: str, kana: str
    ) -> tuple[int | None, NewEstablishment | None, str, str]:
        if not text.isdigit() or int(text) <= 0:
            return None, None, "事業所番号", "1以上の数字で入力してください。"
        number = int(text)
        known = self.register.by_number.get(number)
        if known is not None:
            est_id, registered = known
            if name and name_key(name) != name_key(registered):
                return (
                    None,
                    None,
                    "事業所番号",
                    (
                        f"事業所番号 {number} は「{registered}」として登録されています"
                        f"（ファイルでは「{name}」）。"
                    ),
                )
            return est_id, None, "", ""
        if number in self.sheet:
            return None, NewEstablishment.from_sheet(self.sheet[number]), "", ""
        if not self.create:
            return None, None, "事業所番号", "登録されていない事業所です。"
        if not name:
            return (
                None,
                None,
                "事業所番号",
                f"事業所番号 {number} は登録されていません。新しく作るには事業所名の列も必要です。",
            )
        return None, NewEstablishment(number, name, _kana(kana)), "", ""


def _kana(text: str) -> str:
    """The sheet's kana for a new establishment, or none (the clerk adds it later)."""
    try:
        return validate_furigana(text, "事業所フリガナ")
    except ValidationError:
        return ""


def establishment_text(
    register: EstablishmentIndex, est_id: int | None, new: NewEstablishment | None, typed: str
) -> str:
    if est_id is not None:
        number = register.number_of[est_id]
        return f"{number:04d} {register.by_number[number][1]}"
    if new is not None:
        shown = f"{new.number:04d} {new.name}" if new.number else new.name
        return f"（新規）{shown}"
    return typed
