"""Errors a user can fix: every one names the field and says what is expected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


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


class PermissionDenied(RuleViolation):
    """The acting user's role may not do this (an auditor writing, a clerk changing tables)."""


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


class ValidationErrors(ValidationError):  # noqa: N818 - several ValidationErrors
    """Several fields failed at once: every one is named, so the clerk fixes them in one go.

    ``problems`` holds one :class:`ValidationError` per failed field, in form order; ``field``
    and ``message`` are the first one's (code that knows only single errors still works) and
    ``str()`` lists them all.
    """

    def __init__(self, problems: list[ValidationError]) -> None:
        if not problems:
            raise ValueError("ValidationErrors needs at least one problem")
        self.problems: tuple[ValidationError, ...] = tuple(problems)
        first = self.problems[0]
        super().__init__(first.message, first.field)
        self.args = ("\n".join(str(p) for p in self.problems),)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def problems_of(error: ValidationError) -> tuple[ValidationError, ...]:
    """The single problems of ``error`` (itself when it names one field)."""
    return error.problems if isinstance(error, ValidationErrors) else (error,)


class Problems:
    """Collects the failed fields of one form or row, then raises them together.

    Each check runs through :meth:`check` (its ValidationError is kept and ``None`` comes
    back) or adds a problem with :meth:`add`; :meth:`raise_if_any` then raises the one
    error, or a :class:`ValidationErrors` naming them all.
    """

    def __init__(self) -> None:
        self.items: list[ValidationError] = []

    def check(self, check: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run ``check``; a ValidationError is kept (and ``None`` returned) instead of raised."""
        try:
            return check(*args, **kwargs)
        except ValidationError as error:
            self.add_error(error)
            return None

    def add(self, message: str, field: str) -> None:
        self.add_error(ValidationError(message, field))

    def add_error(self, error: ValidationError) -> None:
        """Keep ``error``'s problems; a field already named keeps its first message."""
        for problem in problems_of(error):
            seen = {(p.field, p.message) for p in self.items}
            named = {p.field for p in self.items if p.field}
            if problem.field in named or (problem.field, problem.message) in seen:
                continue
            self.items.append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if len(self.items) == 1:
            raise self.items[0]
        if self.items:
            raise ValidationErrors(self.items)
