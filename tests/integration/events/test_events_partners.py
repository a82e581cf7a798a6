"""The partners' reports count study sessions from the events: a 研修会 presented by the
labour bank (or claimed from it) is a ろうきん 学習会; one by the co-op is the co-op's."""

from __future__ import annotations

from tests.integration.events.helpers import D, member_app, study


def test_study_sessions_with_each_partner(ctx, event_society) -> None:
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.inputs import ProgrammeInput, SessionInput
    from gojokai_desktop.services.events.records import cancel_event, create_event
    from gojokai_desktop.services.partners.sessions import study_sessions

    held = create_event(ctx, study())  # 東北労働金庫 and こくみん共済coop present
    apply(ctx, member_app(held.id, event_society.crew[0], applied_on=D(2025, 5, 20)))
    create_event(
        ctx,
        study(title="共済の学習会", sessions=(SessionInput(D(2025, 7, 4), "18:00"),),
              deadline=D(2025, 7, 1),
              programme=(ProgrammeInput("火災共済のしくみ", "こくみん共済coop福島推進本部"),)),
    )  # fmt: skip
    called_off = create_event(ctx, study(title="中止した学習会", deadline=D(2025, 5, 30)))
    cancel_event(ctx, called_off.id, D(2025, 5, 1), "講師の都合", refund_now=True)
    rokin = study_sessions(ctx, "ろうきん", D(2025, 4, 1), D(2025, 9, 30))
    assert rokin.rows == (("R7.6.6", "事務担当者研修会（参加 1人）"),)
    assert rokin.note == "学習会の開催 1回（研修・行事の記録から）。"
    coop = study_sessions(ctx, "こくみん共済 coop", D(2025, 4, 1), D(2025, 9, 30))
    assert [title for _day, title in coop.rows] == [
        "事務担当者研修会（参加 1人）", "共済の学習会（参加 0人）"
    ]  # fmt: skip
    none = study_sessions(ctx, "自治労共済", D(2025, 4, 1), D(2025, 9, 30))
    assert none.rows == ()
