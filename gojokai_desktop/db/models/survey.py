"""The annual survey (アンケート): the answers of each year, kept to stand beside next year's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gojokai_desktop.db.models.base import Base, Timestamped, Versioned

SURVEY_KINDS = ("number", "yen", "text", "date", "choice")


class SurveyAnswer(Versioned, Timestamped, Base):
    """The answer a society gave (or is giving) to one question of a year's survey.

    A survey is known by its ``series`` (its title without the year), so next year's file
    finds this year's answers by question id. ``value_text`` is what goes to the council;
    ``computed_text`` what the program computed from the books when the answer was saved;
    ``overridden`` marks a computed answer the clerk changed, with the reason in ``note``.

    Two clerks may answer the same survey (``Versioned``: a save over a row another PC changed
    meanwhile is refused). No ``__fiscal_date__``: the survey is answered in June about the
    year just closed, so closing a year must not stop its survey from being answered.
    """

    __tablename__ = "survey_answers"
    __table_args__ = (
        UniqueConstraint("series", "fiscal_year", "question_id"),
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in SURVEY_KINDS) + ")", name="kind_valid"
        ),
        CheckConstraint("(NOT overridden) OR note <> ''", name="override_has_note"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(100))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(60))
    survey_title: Mapped[str] = mapped_column(String(200), default="")
    question_text: Mapped[str] = mapped_column(String(400), default="")
    kind: Mapped[str] = mapped_column(String(10), default="text")
    source: Mapped[str | None] = mapped_column(String(100), nullable=True)
    value_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    computed_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(60), default="")
    written_to: Mapped[str] = mapped_column(String(260), default="")
    written_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
