"""The member list's output buttons: roster workbook/CSV, import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from gojokai_desktop.ui.members_page import MembersPage


class MemberOutputs:
    """Builds the buttons under the member list and runs what they start."""

    def __init__(self, page: MembersPage) -> None:
        self.page = page

    def buttons(self) -> list[QWidget]:
        return []
