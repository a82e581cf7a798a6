"""Members' life events: join, change, transfer, leave, rejoin, family, duplicates, deletion."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from gojokai_desktop.db.conflicts import expect_version
from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import AuditEntry, User
from gojokai_desktop.db.models.members import (
    LEAVE_REASONS,
    Affiliation,
    Establishment,
    FamilyMember,
    Member,
    MemberEvent,
    MembershipPeriod,
)
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.kana import normalize_for_search
from gojokai_desktop.domain.membership import (
    join_effective_date,
    leave_effective_date,
)
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members._numbers import MemberNumbers, number_taken_in
from gojokai_desktop.services.members.records import (
    LEAVE_REASON_LABELS,
    EventRow,
    FamilyRow,
    MemberDetail,
    MemberInput,
    PeriodRow,
    validate_member_input,
)
from gojokai_desktop.services.society import SocietyProfile, load_profile

_INPUT_COLUMNS = tuple(f.name for f in fields(MemberInput) if f.name != "number")


def _profile(ctx: AppContext) -> SocietyProfile:
    profile = load_profile(ctx)
    if profile is None:
        raise RuleViolation("互助会の基本情報が未設定です。先に初期設定をしてください。")
    return profile


def member_row(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise RuleViolation(f"会員（ID {member_id}）が見つかりません。")
    return member


def _establishment(session: Session, establishment_id: int, on: dt.date) -> Establishment:
    est = session.get(Establishment, establishment_id)
    if est is None:
        raise ValidationError("事業所を選んでください。", "事業所")
    if est.leave_date is not None and est.leave_date < on:
        raise RuleViolation(f"{est.name}は{format_wareki(est.leave_date)}に脱退しています。")
    return est


def effective_join_date(
    ctx: AppContext, received: dt.date, effective: dt.date | None, override_reason: str
) -> dt.date:
    """The rule's start date (cut-off day), or the clerk's override when a reason is given."""
    rule = join_effective_date(received, _profile(ctx).cutoff_day)
    if effective is None or effective == rule:
        return rule
    if not override_reason.strip():
        raise ValidationError(
            f"規定の入会日は{format_wareki(rule)}です。変える場合は理由を入力してください。",
            "入会日を変える理由",
        )
    return effective


def _event(
    session: Session,
    ctx: AppContext,
    member: Member,
    kind: str,
    effective: dt.date,
    *,
    received: dt.date | None = None,
    establishment_id: int | None = None,
    from_establishment_id: int | None = None,
    reason: str = "",
) -> None:
    session.add(
        MemberEvent(
            member_id=member.id,
            kind=kind,
            effective_date=effective,
            received_date=received,
            establishment_id=establishment_id,
            from_establishment_id=from_establishment_id,
            reason=reason[:200],
            entered_by_user_id=ctx.actor.user_id,
        )
    )


def _start_period(session: Session, member: Member, est: Establishment, start: dt.date) -> None:
    session.add(MembershipPeriod(member_id=member.id, start_date=start))
    session.add(Affiliation(member_id=member.id, establishment_id=est.id, start_date=start))


@retry_on_conflict
def join_member(
    ctx: AppContext,
    data: MemberInput,
    establishment_id: int,
    received: dt.date,
    *,
    effective: dt.date | None = None,
    override_reason: str = "",
) -> MemberDetail:
    """入会: the membership starts on the 1st after the cut-off (or the overridden date)."""
    clean = validate_member_input(data, ctx.today())
    start = effective_join_date(ctx, received, effective, override_reason)
    with ctx.unit_of_work("会員の入会") as uow:
        session = uow.session
        est = _establishment(session, establishment_id, start)
        taken = number_taken_in(uow)
        if clean.number and taken(clean.number):
            raise ValidationError(f"会員番号「{clean.number}」は既に使われています。", "会員番号")
        pattern = _profile(ctx).member_number_pattern
        number = clean.number or MemberNumbers(uow, pattern, taken).next(est.id, est.number)
        member = Member(
            number=number,
            kana_search=normalize_for_search(clean.name_kana),
            establishment_id=est.id,
            join_date=start,
            **{name: getattr(clean, name) for name in _INPUT_COLUMNS},
        )
        session.add(member)
        uow.flush()
        _start_period(session, member, est, start)
        _event(
            session,
            ctx,
            member,
            "join",
            start,
            received=received,
            establishment_id=est.id,
            reason=override_reason.strip(),
        )
        uow.commit()
        member_id = member.id
    # Read after the commit: the number counters are let go as early as possible, so the
    # next PC's join waits only for the writing, not for this record being read back.
    return get_member(ctx, member_id)


def update_member(
    ctx: AppContext, member_id: int, data: MemberInput, *, version: int | None = None
) -> MemberDetail:
    """変更: personal data; a change of dues class is written into the history.

    ``version`` is the one the clerk's screen loaded: when another PC saved the member since,
    nothing is stored and :class:`EditConflict` tells what the other changed.
    """
    clean = validate_member_input(data, ctx.today())
    with ctx.unit_of_work("会員の変更") as uow:
        session = uow.session
        member = member_row(session, member_id)
        expect_version(session, member, version, f"会員 {member.number} {member.name}")
        if clean.number and clean.number != member.number:
            if session.scalar(select(Member.id).where(Member.number == clean.number)):
                raise ValidationError(
                    f"会員番号「{clean.number}」は既に使われています。", "会員番号"
                )
            member.number = clean.number
        if clean.dues_class != member.dues_class:
            _event(
                session,
                ctx,
                member,
                "change",
                max(ctx.today(), member.join_date),
                establishment_id=member.establishment_id,
                reason=f"会費区分 {member.dues_class or 'なし'} → {clean.dues_class or 'なし'}",
            )
        for name in _INPUT_COLUMNS:
            setattr(member, name, getattr(clean, name))
        member.kana_search = normalize_for_search(clean.name_kana)
        uow.flush()
        detail = load_detail(session, member.id)
        uow.commit()
        return detail


def _open_affiliation(session: Session, member: Member) -> Affiliation:
    found = session.scalars(
        select(Affiliation)
        .where(Affiliation.member_id == member.id, Affiliation.end_date.is_(None))
        .order_by(Affiliation.start_date.desc())
    ).first()
    if found is None:
        raise RuleViolation(f"{member.name}さんは在籍していません。")
    return found


def _open_period(session: Session, member: Member) -> MembershipPeriod:
    found = session.scalars(
        select(MembershipPeriod).where(
            MembershipPeriod.member_id == member.id, MembershipPeriod.end_date.is_(None)
        )
    ).first()
    if found is None:
        raise RuleViolation(f"{member.name}さんは在籍していません。")
    return found


@retry_on_conflict
def transfer_member(
    ctx: AppContext, member_id: int, establishment_id: int, effective: dt.date, reason: str = ""
) -> MemberDetail:
    """異動: the old affiliation ends the day before ``effective``, the new one starts then."""
    with ctx.unit_of_work("会員の異動") as uow:
        session = uow.session
        member = member_row(session, member_id)
        if member.leave_date is not None:
            raise RuleViolation(f"{member.name}さんは退会しています。異動できません。")
        est = _establishment(session, establishment_id, effective)
        if est.id == member.establishment_id:
            raise ValidationError("今と同じ事業所です。異動先を選んでください。", "異動先の事業所")
        current = _open_affiliation(session, member)
        if effective <= current.start_date:
            raise ValidationError(
                f"{format_wareki(current.start_date)}（今の事業所の開始日）より後の日付にしてください。",
                "異動日",
            )
        current.end_date = effective - dt.timedelta(days=1)
        session.add(Affiliation(member_id=member.id, establishment_id=est.id, start_date=effective))
        _event(
            session,
            ctx,
            member,
            "transfer",
            effective,
            establishment_id=est.id,
            from_establishment_id=member.establishment_id,
            reason=reason.strip(),
        )
        member.establishment_id = est.id
        uow.flush()
        detail = load_detail(session, member.id)
        uow.commit()
        return detail


@retry_on_conflict
def leave_member(
    ctx: AppContext,
    member_id: int,
    received: dt.date,
    reason: str,
    *,
    effective: dt.date | None = None,
    note: str = "",
) -> MemberDetail:
    """退会: ends at the end of the month the 退会届 arrived (or ``effective`` with a note)."""
    if reason not in LEAVE_REASONS:
        raise ValidationError("退職・死亡・脱退・除名から選んでください。", "退会理由")
    end = leave_effective_date(received)
    if effective is not None and effective != end:
        if not note.strip():
            raise ValidationError(
                f"規定の退会日は{format_wareki(end)}です。変える場合は理由を入力してください。",
                "退会日を変える理由",
            )
        end = effective
    with ctx.unit_of_work("会員の退会") as uow:
        session = uow.session
        member = member_row(session, member_id)
        if member.leave_date is not None:
            raise RuleViolation(f"{member.name}さんは既に退会しています。")
        period, affiliation = _open_period(session, member), _open_affiliation(session, member)
        if end < affiliation.start_date:
            raise ValidationError(
                f"{format_wareki(affiliation.start_date)}より前の日付では退会できません。", "退会日"
            )
        period.end_date, period.end_reason = end, reason
        affiliation.end_date = end
        member.leave_date, member.leave_reason = end, reason
        text = LEAVE_REASON_LABELS[reason] + (f"（{note.strip()}）" if note.strip() else "")
        _event(
            session,
            ctx,
            member,
            "leave",
            end,
            received=received,
            establishment_id=member.establishment_id,
            reason=text,
        )
        uow.flush()
        detail = load_detail(session, member.id)
        uow.commit()
        return detail


@retry_on_conflict
def rejoin_member(
    ctx: AppContext,
    member_id: int,
    establishment_id: int,
    received: dt.date,
    *,
    effective: dt.date | None = None,
    override_reason: str = "",
) -> MemberDetail:
    """再入会: the same person (same number) starts a new membership period."""
    start = effective_join_date(ctx, received, effective, override_reason)
    with ctx.unit_of_work("会員の再入会") as uow:
        session = uow.session
        member = member_row(session, member_id)
        if member.leave_date is None:
            raise RuleViolation(f"{member.name}さんは在籍中です。再入会の必要はありません。")
        if start <= member.leave_date:
            raise ValidationError(
                f"前回の退会日（{format_wareki(member.leave_date)}）より後の日付にしてください。",
                "再入会日",
            )
        est = _establishment(session, establishment_id, start)
        _start_period(session, member, est, start)
        member.establishment_id, member.join_date = est.id, start
        member.leave_date = member.leave_reason = None
        _event(
            session,
            ctx,
            member,
            "rejoin",
            start,
            received=received,
            establishment_id=est.id,
            reason=override_reason.strip(),
        )
        uow.flush()
        detail = load_detail(session, member.id)
        uow.commit()
        return detail


def delete_mistaken_member(ctx: AppContext, member_id: int) -> None:
    """Delete a record entered by mistake: administrators only, nothing attached, audit kept."""
    with ctx.unit_of_work("誤登録の会員の削除") as uow:
        session = uow.session
        require_role(uow, "admin")
        member = member_row(session, member_id)
        if _attachments(session, member.id):
            raise RuleViolation(
                f"{member.name}さんには家族・異動などの記録があります。削除せず退会にしてください。"
            )
        for model in (MemberEvent, Affiliation, MembershipPeriod):
            for row in session.scalars(select(model).where(model.member_id == member.id)):
                session.delete(row)
        uow.flush()
        session.delete(member)
        uow.commit()


def _attachments(session: Session, member_id: int) -> int:
    """Records beyond the first join that make deletion unsafe (family, later events)."""
    family = session.scalar(
        select(func.count()).select_from(FamilyMember).where(FamilyMember.member_id == member_id)
    )
    events = session.scalar(
        select(func.count())
        .select_from(MemberEvent)
        .where(MemberEvent.member_id == member_id, MemberEvent.kind != "join")
    )
    return int(family or 0) + int(events or 0)


def get_member(ctx: AppContext, member_id: int) -> MemberDetail:
    with ctx.reader() as session:
        return load_detail(session, member_id)


def find_member_by_number(ctx: AppContext, number: str) -> MemberDetail | None:
    with ctx.reader() as session:
        found = session.scalar(select(Member.id).where(Member.number == number.strip()))
        return None if found is None else load_detail(session, found)


def load_detail(session: Session, member_id: int) -> MemberDetail:
    member = member_row(session, member_id)
    est = session.get(Establishment, member.establishment_id)
    family = tuple(
        FamilyRow(
            f.id,
            f.member_id,
            f.relation,
            f.name,
            f.name_kana,
            f.sex,
            f.birth_date,
            f.dependent,
            f.from_date,
            f.to_date,
            f.notes,
            f.married_on,
            f.version,
        )
        for f in session.scalars(
            select(FamilyMember)
            .where(FamilyMember.member_id == member.id)
            .order_by(FamilyMember.id)
        )
    )
    to_est, from_est = aliased(Establishment), aliased(Establishment)
    events = tuple(
        EventRow(
            e.kind,
            e.effective_date,
            e.received_date,
            to_name or "",
            from_name or "",
            e.reason,
            user_name or "システム",
            e.entered_at,
        )
        for e, to_name, from_name, user_name in session.execute(
            select(MemberEvent, to_est.name, from_est.name, User.display_name)
            .outerjoin(to_est, MemberEvent.establishment_id == to_est.id)
            .outerjoin(from_est, MemberEvent.from_establishment_id == from_est.id)
            .outerjoin(User, MemberEvent.entered_by_user_id == User.id)
            .where(MemberEvent.member_id == member.id)
            .order_by(MemberEvent.effective_date, MemberEvent.id)
        )
    )
    periods = tuple(
        PeriodRow(p.start_date, p.end_date, p.end_reason)
        for p in session.scalars(
            select(MembershipPeriod)
            .where(MembershipPeriod.member_id == member.id)
            .order_by(MembershipPeriod.start_date)
        )
    )
    data = MemberInput(
        number=member.number, **{name: getattr(member, name) for name in _INPUT_COLUMNS}
    )
    return MemberDetail(
        member.id,
        member.number,
        data,
        member.establishment_id,
        est.name if est else "",
        member.join_date,
        member.leave_date,
        member.leave_reason,
        family,
        events,
        periods,
        has_attachments=_attachments(session, member.id) > 0,
        version=member.version,
    )


def audit_kept_for(ctx: AppContext, member_id: int) -> int:
    """Audit entries about a member (they survive its deletion)."""
    with ctx.reader() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.entity == "members", AuditEntry.entity_id == str(member_id))
            )
            or 0
        )
