"""The reports' notes before a year is closed: what the activity report and the meeting packet
still lack (never blocking — the report is often written after the books close)."""

from __future__ import annotations

from sqlalchemy import select

from gojokai_desktop.db.models import Meeting, ReportText
from gojokai_desktop.services.accounts.year_close import CheckScope, YearCheck

AREA = "帳票・報告"


def year_checks(scope: CheckScope) -> list[YearCheck]:
    session = scope.session
    written = {
        key
        for key, body in session.execute(
            select(ReportText.key, ReportText.body).where(
                ReportText.fiscal_year == scope.fiscal_year
            )
        )
        if body.strip()
    }
    found = []
    missing = [
        label
        for key, label in (("meetings", "会議の開催状況"), ("activities", "主な事業"))
        if key not in written
    ]
    if missing:
        found.append(
            YearCheck(
                "report_texts_missing",
                "事業報告の文章がまだありません",
                f"{'・'.join(missing)}。総会資料を印刷する前に書いてください。",
                AREA,
                "事業報告",
                blocking=False,
                count=len(missing),
            )
        )
    meeting = session.scalar(
        select(Meeting.id).where(
            Meeting.kind == "general", Meeting.fiscal_year == scope.fiscal_year
        )
    )
    if meeting is None:
        found.append(
            YearCheck(
                "general_meeting_missing",
                f"{scope.label}を審議する通常総会が登録されていません",
                "総会資料の表紙の回・日付が空欄になります。",
                AREA,
                "総会資料",
                blocking=False,
            )
        )
    return found
