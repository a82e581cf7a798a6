"""Reports (事業報告・総会資料): officers, meetings and their agenda, the texts of the clerk."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gojokai_desktop.db.models.base import Base, Timestamped

MEETING_KINDS = ("general", "extraordinary", "board", "audit")  # 通常総会, 臨時総会, 幹事会, 監査
AGENDA_KINDS = ("report", "proposal")  # 報告, 議案


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Officer(Timestamped, Base):
    """An officer (役員) for a term: 会長, 副会長, 幹事, 監事 … with the body they come from.

    The officer list of the meeting packet prints those whose term covers its "as of" date.
    Not dated by fiscal year: a term runs across years and the register is not the books.
    """

    __tablename__ = "officers"
    __table_args__ = (
        CheckConstraint("term_end IS NULL OR term_end >= term_start", name="term_ordered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(30))
    organisation: Mapped[str] = mapped_column(String(100), default="")
    name: Mapped[str] = mapped_column(String(60))
    name_kana: Mapped[str] = mapped_column(String(120), default="")
    term_start: Mapped[dt.date] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declaration


class Meeting(Timestamped, Base):
    """A numbered meeting (第39回通常総会, 第99回幹事会, 会計監査) with its date and venue.

    ``fiscal_year`` is the year whose report and settlement the meeting takes (the May
    general meeting of 2026 takes fiscal year 2025).
    """

    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("kind", "number"),
        CheckConstraint(_in("kind", MEETING_KINDS), name="kind_valid"),
        CheckConstraint("number >= 0", name="number_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(14))
    number: Mapped[int] = mapped_column(Integer)
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    venue: Mapped[str] = mapped_column(String(100), default="")
    venue_address: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declaration


class MeetingItem(Timestamped, Base):
    """An agenda item (報告 or 議案) of a meeting; its number (報告第1号) is its place among
    the items of its kind in that meeting, so numbers restart at 1 for every meeting."""

    __tablename__ = "meeting_items"
    __table_args__ = (CheckConstraint(_in("kind", AGENDA_KINDS), name="kind_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[str] = mapped_column(String(40), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declaration


class ReportText(Timestamped, Base):
    """A text the clerk writes for a fiscal year (会議の開催状況, 主な事業, 事業計画, 監査意見,
    a 説明 of the settlement) and the program prints in the reports.

    Not locked by the year close: the report is written and corrected after the books close.
    """

    __tablename__ = "report_texts"
    __table_args__ = (UniqueConstraint("fiscal_year", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declaration
