"""Errors a user can fix: every one names the field and says what is expected."""

from __future__ import annotations


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
