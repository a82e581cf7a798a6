"""Unexpected errors are logged and shown with the log tail, never a silent exit."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest

from gojokai_desktop import app
from gojokai_desktop.ui.error_dialog import UnexpectedErrorDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def hooked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = logging.getLogger()
    before = list(root.handlers)
    log_file = app.setup_logging(tmp_path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[str] = []

    def fake_exec(dialog: UnexpectedErrorDialog) -> int:
        shown.append(dialog.log_view.toPlainText())
        return 0

    monkeypatch.setattr(UnexpectedErrorDialog, "exec", fake_exec)
    app.install_excepthook(log_file)
    yield log_file, shown
    for handler in root.handlers:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_uncaught_error_is_logged_and_shown_with_the_log_tail(qapp, hooked) -> None:
    log_file, shown = hooked
    try:
        raise ZeroDivisionError("割り算の失敗")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())
    text = log_file.read_text(encoding="utf-8")
    assert "unexpected error" in text
    assert "ZeroDivisionError: 割り算の失敗" in text
    assert len(shown) == 1
    assert "ZeroDivisionError: 割り算の失敗" in shown[0]


def test_error_in_a_background_thread_is_logged_then_shown_on_the_gui_thread(qapp, hooked) -> None:
    log_file, shown = hooked

    def work() -> None:
        raise RuntimeError("裏の処理で失敗")

    thread = threading.Thread(target=work, name="worker")
    thread.start()
    thread.join()
    assert "RuntimeError: 裏の処理で失敗" in log_file.read_text(encoding="utf-8")
    assert shown == []  # no widget was made on the worker thread
    assert app.show_pending_errors(log_file) == 1
    assert len(shown) == 1
    assert "RuntimeError: 裏の処理で失敗" in shown[0]


def test_a_refused_action_is_a_plain_message_not_an_unexpected_error(
    qapp, hooked, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gojokai_desktop.domain.errors import PermissionDenied
    from gojokai_desktop.ui import messages

    log_file, shown = hooked
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "warn", lambda _p, title, text: warned.append((title, text)))
    refusal = PermissionDenied("監事（閲覧のみ）の利用者は記録を変更できません（会員の変更）。")
    sys.excepthook(PermissionDenied, refusal, None)
    assert warned == [
        ("できません", "監事（閲覧のみ）の利用者は記録を変更できません（会員の変更）。")
    ]
    assert shown == []
    assert "unexpected error" not in log_file.read_text(encoding="utf-8")
