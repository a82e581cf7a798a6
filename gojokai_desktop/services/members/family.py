"""Family members (家族・被扶養者) of a member: add, change, end."""

from __future__ import annotations

import datetime as dt

from gojokai_desktop.db.conflicts import expect_version
from gojokai_desktop.db.models.members import FamilyMember
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.kana import validate_furigana
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.membership import load_detail, member_row
from gojokai_desktop.services.members.records import FamilyInput, MemberDetail


def family_values(data: FamilyInput) -> dict[str, object]:
    relation = data.relation.strip()
    if not relation:
        raise ValidationError("続柄を入力してください（例: 配偶者、子、父母）。", "続柄")
    if not data.name.strip():
        raise ValidationError("入力してください。", "家族の氏名")
    if data.sex is not None and data.sex not in ("M", "F"):
        raise ValidationError("男か女を選んでください。", "家族の性別")
    born = data.birth_date
    if data.married_on is not None and born is not None and data.married_on <= born:
        raise ValidationError("婚姻日は生年月日より後の日付にしてください。", "婚姻日")
    return {
        "relation": relation[:20],
        "name": data.name.strip()[:60],
        "name_kana": validate_furigana(data.name_kana, "家族のフリガナ")[:120],
        "sex": data.sex,
        "birth_date": data.birth_date,
        "dependent": data.dependent,
        "notes": data.notes.strip(),
        "married_on": data.married_on,
    }


def add_family(ctx: AppContext, member_id: int, data: FamilyInput) -> MemberDetail:
    values = family_values(data)
    with ctx.unit_of_work("家族の追加") as uow:
        member = member_row(uow.session, member_id)
        uow.session.add(
            FamilyMember(member_id=member.id, from_date=data.from_date or ctx.today(), **values)
        )
        uow.flush()
        detail = load_detail(uow.session, member.id)
        uow.commit()
        return detail


def update_family(
    ctx: AppContext, family_id: int, data: FamilyInput, *, version: int | None = None
) -> MemberDetail:
    """変更; ``version`` is the one the clerk's screen loaded (see ``update_member``)."""
    values = family_values(data)
    with ctx.unit_of_work("家族の変更") as uow:
        row = uow.session.get(FamilyMember, family_id)
        if row is None:
            raise RuleViolation("その家族の記録が見つかりません。")
        expect_version(uow.session, row, version, f"家族 {row.relation} {row.name}")
        for key, value in values.items():
            setattr(row, key, value)
        if data.from_date is not None:
            row.from_date = data.from_date
        uow.flush()
        detail = load_detail(uow.session, row.member_id)
        uow.commit()
        return detail


def end_family(ctx: AppContext, family_id: int, to_date: dt.date) -> MemberDetail:
    """The family member is no longer registered (扶養から外れた, 別居, 死亡) from ``to_date``."""
    with ctx.unit_of_work("家族の終了") as uow:
        row = uow.session.get(FamilyMember, family_id)
        if row is None:
            raise RuleViolation("その家族の記録が見つかりません。")
        if to_date < row.from_date:
            raise ValidationError(
                f"{format_wareki(row.from_date)}以降の日付にしてください。", "終了日"
            )
        row.to_date = to_date
        uow.flush()
        detail = load_detail(uow.session, row.member_id)
        uow.commit()
        return detail
