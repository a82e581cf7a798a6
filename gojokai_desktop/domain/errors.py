"""Errors a user can fix: every one names the field and says what is expected."""

from __future__ import annotations

from dataclasses import dataclass


class ValidationError(ValueError):
    """A value the user typed or imported is not acceptable.

    ``field`` is the Japanese field name shown to the user (e.g. ``"生年月日"``), or empty when
    the parser does not know it yet; ``message`` says what is wrong and what is expected.
    """

    def __init__(self, message: str, field: str = "") -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)

    def with_field(self, field: str) -> ValidationError:
        """Return the same error attributed to ``field`` (parsers do not know their field)."""
        return ValidationError(self.message, field)


class RuleViolation(Exception):  # noqa: N818 - a violation, not a program error
    """An action breaks a business rule (closed fiscal year, member already left, ...)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class DatabaseProblem(RuleViolation):
    """The database could not carry out the action (server unreachable, busy, too slow).

    ``retry_safe`` is True when nothing was stored, so the clerk may simply do it again;
    ``auto_retry`` when the refusal passes by itself (a deadlock, a number taken at the
    same moment), so the program tries again before saying anything;
    ``outcome_unknown`` when the connection broke while committing, so the clerk must look
    whether it was saved.
    """

    def __init__(
        self,
        message: str,
        *,
        retry_safe: bool,
        auto_retry: bool = False,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message)
        self.retry_safe = retry_safe
        self.auto_retry = auto_retry
        self.outcome_unknown = outcome_unknown


@dataclass(frozen=True)
class FieldChange:
    """One field another PC changed: its Japanese name, the value before and after."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class OtherEdit:
    """What another PC saved: who, when (local time as text) and the fields."""

    by: str
    at: str
    changes: tuple[FieldChange, ...]


class EditConflict(RuleViolation):
    """Another PC saved the same record after this one was opened (楽観ロック).

    Nothing of this save was stored; ``edits`` lists what the others changed, so the clerk
    can reload the record and type the change again where it still applies.
    """

    TITLE = "ほかの端末で先に変更されました"

    def __init__(self, what: str, edits: tuple[OtherEdit, ...] = ()) -> None:
        self.what = what
        self.edits = edits
        lines = [f"{self.TITLE}（{what}）。この保存は行われていません。"]
        for edit in edits:
            lines.append(f"・{edit.at} {edit.by}:")
            lines += [f"    {c.label}: {c.before} → {c.after}" for c in edit.changes]
        lines.append("読み直してから、もう一度変更してください。")
        super().__init__("\n".join(lines))
