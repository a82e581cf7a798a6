"""An OS-level lock beside the database file so a second copy of the program cannot open it."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from filelock import FileLock, Timeout


class DatabaseLockedError(RuntimeError):
    """Another running program holds the database; ``holder`` says who, when known."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        super().__init__(
            f"このデータベースは既に別の画面で開かれています: {path}\n"
            f"使用中: {holder or '不明'}\n"
            "先に開いている方を閉じてから、もう一度起動してください。"
        )


class DatabaseLock:
    """Held for the life of the program; the OS releases it if the program dies.

    The lock is ``*.lock`` (filelock: ``flock`` on Unix, ``LockFileEx`` on Windows). Who holds
    it is written to ``*.lock.info`` beside it, because on Windows the locked file itself
    cannot be read by the second program that wants to name the holder.
    """

    def __init__(self, database_path: Path) -> None:
        self.path = database_path.with_name(database_path.name + ".lock")
        self.info_path = database_path.with_name(database_path.name + ".lock.info")
        # Not thread-local: the program may open the database in one thread and close it in
        # another. No soft fallback: a marker file would outlive a program that died.
        self._lock = FileLock(self.path, thread_local=False, fallback_to_soft=False)

    def acquire(self) -> None:
        try:
            self._lock.acquire(blocking=False)
        except Timeout:
            raise DatabaseLockedError(self.path.with_suffix(""), self._read_holder()) from None
        # The holder's name is a courtesy to the second program; the lock protects the file.
        with contextlib.suppress(OSError):
            self.info_path.write_text(f"pid {os.getpid()} on {socket.gethostname()}", "utf-8")

    def _read_holder(self) -> str:
        try:
            return self.info_path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):  # not written yet, or being written right now
            return ""

    def release(self) -> None:
        if self._lock.is_locked:
            # Removed while still held, so it never names a program that has let go (a reader
            # on Windows may keep it a moment longer; the next holder overwrites it then).
            with contextlib.suppress(OSError):
                self.info_path.unlink(missing_ok=True)
            self._lock.release()

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
