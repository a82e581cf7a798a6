"""GUI fixtures: the event society of the integration tests, and captured previews."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from tests.integration import conftest as integration
from tests.integration.events import conftest as events

benefit_society = integration.benefit_society
event_society = events.event_society


@pytest.fixture
def previews(monkeypatch, tmp_path):
    """PDFs the screens would show: (title, text) instead of the preview dialog."""
    shown: list[tuple[str, str]] = []

    def fake_preview(parent, name, title, write):
        path = Path(tmp_path) / name.replace("/", "_")
        write(path)
        shown.append((title, "\n".join(p.extract_text() for p in PdfReader(path).pages)))
        return path

    monkeypatch.setattr("gojokai_desktop.ui.output.preview_pdf", fake_preview)
    return shown


@pytest.fixture
def answers(monkeypatch):
    """Questions the screens ask: answered yes (or with the text queued), messages kept."""
    said: dict[str, list[str]] = {"asked": [], "told": [], "refused": []}
    queued: list[str] = []

    def ask(parent, title, text, yes, no="やめる"):
        said["asked"].append(text)
        return True

    def tell(parent, title, text):
        said["told"].append(text)

    def refuse(parent, title, error):
        said["refused"].append(getattr(error, "field", "") + "|" + error.message)

    def ask_text(parent, title, label, ok="決定", text=""):
        return queued.pop(0) if queued else "都合により"

    def ask_reason_and_day(parent, title, label, ok, day):
        # The day the clerk types, when a test queued one in said["days"]; else the default.
        days = said.setdefault("days", [])
        return (queued.pop(0) if queued else "都合により"), (days.pop(0) if days else day)

    def ask_int(parent, title, label, value, *, low, high, ok="決定"):
        said["asked"].append(label)
        return value

    for module in ("list_tab", "applications_tab", "attendance_tab", "fees_tab", "money_tab",
                   "rules_tab"):  # fmt: skip
        target = f"gojokai_desktop.ui.events.{module}"
        for name, fake in (
            ("ask", ask),
            ("tell", tell),
            ("refuse", refuse),
            ("ask_text", ask_text),
            ("ask_reason_and_day", ask_reason_and_day),
            ("ask_int", ask_int),
        ):
            monkeypatch.setattr(f"{target}.{name}", fake, raising=False)
    said["queue"] = queued  # type: ignore[assignment]
    return said


@pytest.fixture
def ui(monkeypatch, previews, answers):
    """Previews, answers and ``patch`` (monkeypatch.setattr) in one fixture."""
    return SimpleNamespace(previews=previews, answers=answers, patch=monkeypatch.setattr)
