"""The database lock between processes: the second program is told who holds it, and a
program that dies lets go."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gojokai_desktop.db.lock import DatabaseLock, DatabaseLockedError

_HOLD = """
import sys
from pathlib import Path
from gojokai_desktop.db.lock import DatabaseLock
lock = DatabaseLock(Path(sys.argv[1]))
lock.acquire()
print("locked", flush=True)
sys.stdin.readline()
"""

# What a second program sees when it tries the lock, as JSON: the error's type and holder.
_TRY = """
import json, sys
from pathlib import Path
from gojokai_desktop.db.lock import DatabaseLock
try:
    DatabaseLock(Path(sys.argv[1])).acquire()
except Exception as error:
    print(json.dumps({"error": type(error).__name__, "holder": getattr(error, "holder", None),
                      "message": str(error)}))
else:
    print(json.dumps({"error": None}))
"""

# The lock file beside a SQLite database; a server has no such file.
pytestmark = pytest.mark.sqlite_only


def _try_from_another_process(db_path: Path) -> dict[str, str | None]:
    done = subprocess.run(
        [sys.executable, "-c", _TRY, str(db_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, str | None] = json.loads(done.stdout)
    return result


@pytest.fixture
def holder(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another program holding the database's lock until it is killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "locked"
    yield child
    child.kill()
    child.communicate(timeout=20)


def test_a_second_program_is_told_who_holds_the_database(
    db_path: Path, holder: subprocess.Popen[str]
) -> None:
    seen = _try_from_another_process(db_path)
    assert seen["error"] == "DatabaseLockedError"
    assert seen["holder"] == f"pid {holder.pid} on {socket.gethostname()}"
    assert "既に別の画面で開かれています" in str(seen["message"])
    assert f"使用中: pid {holder.pid}" in str(seen["message"])


def test_the_lock_is_let_go_when_its_program_is_killed(
    db_path: Path, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(DatabaseLockedError):
        DatabaseLock(db_path).acquire()
    holder.kill()
    holder.wait(timeout=20)
    assert _try_from_another_process(db_path) == {"error": None}
    with DatabaseLock(db_path) as lock:
        assert lock.info_path.read_text(encoding="utf-8").startswith("pid ")


def test_the_holder_note_is_removed_on_release_and_a_stale_one_is_replaced(
    db_path: Path,
) -> None:
    lock = DatabaseLock(db_path)
    # A note left by a program that died names nobody who holds the lock now.
    lock.info_path.write_text("pid 1 on elsewhere", encoding="utf-8")
    with lock:
        assert lock.info_path.read_text(encoding="utf-8").startswith("pid ")
        assert lock.info_path.read_text(encoding="utf-8") != "pid 1 on elsewhere"
    assert not lock.info_path.exists()


def test_a_lock_without_a_holder_note_still_refuses(db_path: Path) -> None:
    with DatabaseLock(db_path) as first:
        first.info_path.unlink()
        with pytest.raises(DatabaseLockedError) as raised:
            DatabaseLock(db_path).acquire()
    assert raised.value.holder == ""
    assert "使用中: 不明" in str(raised.value)
