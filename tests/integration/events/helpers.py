"""Small builders the event tests share."""

from __future__ import annotations

import datetime as dt

from gojokai_desktop.domain.events.rules import Amounts, RefundRule
from gojokai_desktop.services.events.inputs import (
    ApplicationInput,
    EventInput,
    GuestInput,
    ProgrammeInput,
    SessionInput,
)

D = dt.date


def trip(capacity: int | None = 4, **changes: object) -> EventInput:
    """A bus trip on 2025-09-20 (土) with fees 7,000 / 9,000 / 12,000 and a band subsidy."""
    data = EventInput(
        kind="trip",
        title="秋の日帰りバス旅行",
        sessions=(SessionInput(D(2025, 9, 20), "8:00", place="市役所前"),),
        venue="会津若松方面",
        venue_address="福島県会津若松市",
        purpose="会員と家族の親睦",
        audience="会員とその家族",
        capacity=capacity,
        application_start=D(2025, 6, 1),
        deadline=D(2025, 8, 31),
        fees=Amounts(7_000, 9_000, 12_000),
        cost_per_person=12_000,
        subsidy_mode="fixed",
        subsidy=Amounts(5_000, 3_000, 0),
        refund=RefundRule(7, 50),
    )
    return EventInput(**{**data.__dict__, **changes})  # type: ignore[arg-type]


def study(**changes: object) -> EventInput:
    """Seed 000's 事務担当者研修会."""
    data = EventInput(
        kind="training",
        title="事務担当者研修会",
        sessions=(SessionInput(D(2025, 6, 6), "10:00"),),
        venue="郡山市労働福祉会館",
        venue_address="郡山市虎丸7−7",
        purpose="事務手続きや団体間の情報・意見交換等",
        audience="主に事務手続きを担当する新任者、他",
        capacity=30,
        deadline=D(2025, 5, 30),
        programme=(
            ProgrammeInput("事業概要と勤労者支援融資制度について", "東北労働金庫福島県本部"),
            ProgrammeInput("事業概要と共済について", "こくみん共済coop福島推進本部"),
            ProgrammeInput("勤互連の事務手続きについて"),
        ),
    )
    return EventInput(**{**data.__dict__, **changes})  # type: ignore[arg-type]


def member_app(event_id: int, member_id: int, **changes: object) -> ApplicationInput:
    return ApplicationInput(event_id=event_id, member_id=member_id, **changes)  # type: ignore[arg-type]


def guest(name: str, kana: str = "") -> GuestInput:
    return GuestInput(name, kana)
