"""The words the event papers share: who sends them, the fees, the venue, the programme."""

from __future__ import annotations

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.events.rules import CATEGORY_LABELS
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.views import EventDetail
from gojokai_desktop.services.society import SocietyProfile, load_profile


def society_of(ctx: AppContext) -> SocietyProfile:
    profile = load_profile(ctx)
    if profile is None:
        raise ValidationError("先に団体情報を登録してください（設定）。", "団体情報")
    return profile


def sender_of(profile: SocietyProfile) -> tuple[str, ...]:
    head = f"{profile.representative_title} {profile.representative_name}".strip()
    return tuple(line for line in (profile.name, head) if line)


def contact_of(profile: SocietyProfile) -> str:
    """The society and its address on one line, phone and clerk on the next (a phone
    number is never broken across lines)."""
    first = "　".join(p for p in (profile.name, profile.address) if p)
    second = "　".join(
        p
        for p in (
            f"TEL {profile.phone}" if profile.phone else "",
            f"担当 {profile.clerk_name}" if profile.clerk_name else "",
        )
        if p
    )
    return f"{first}\n{second}" if second else first


def fees_words(detail: EventDetail) -> str:
    """``会員 7,000円・家族 9,000円・一般 12,000円`` (無料 when nothing is charged)."""
    fees = detail.data.fees
    parts = []
    for category in ("member", "family", "guest"):
        if category == "family" and not detail.data.allow_family:
            continue
        if category == "guest" and not detail.data.allow_guests:
            continue
        amount = fees.of(category)
        parts.append(
            f"{CATEGORY_LABELS[category]} {format_yen(amount)}円"
            if amount
            else f"{CATEGORY_LABELS[category]} 無料"
        )
    return "・".join(parts)


def venue_of(detail: EventDetail) -> str:
    data = detail.data
    venue = data.venue or detail.sessions[0].place
    address = data.venue_address or detail.sessions[0].place_address
    return f"{venue}（{address}）" if address else venue


def programme_of(detail: EventDetail) -> str:
    return "\n".join(
        f"○{p.title}（{p.presenter}）" if p.presenter else f"○{p.title}"
        for p in detail.data.programme
    )


def capacity_words(detail: EventDetail) -> str:
    capacity = detail.capacity
    if capacity is None:
        return "定員なし"
    return f"{capacity:,}名（申込順。定員を超えた場合はキャンセル待ちとして受け付けます）"
