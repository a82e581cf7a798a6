"""Free text a clerk types: trimmed, required or not, and never longer than its column."""

from __future__ import annotations

from gojokai_desktop.domain.errors import ValidationError


def clean_text(value: str, field: str, limit: int, *, required: bool = False) -> str:
    """``value`` without surrounding spaces; a ValidationError names the field otherwise."""
    text = value.strip()
    if required and not text:
        raise ValidationError("入力してください。", field)
    if len(text) > limit:
        raise ValidationError(f"{limit}文字以内で入力してください（{len(text)}文字）。", field)
    return text
