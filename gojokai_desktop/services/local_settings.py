"""Settings of this PC (not of the society): the backup folder, the automatic login token.

They live in ``pc-settings.json`` in the data folder, not in the database, because a USB
drive's letter or this PC's automatic login mean nothing on the next PC (and on a server
database they would be shared by every PC). Written atomically.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from gojokai_desktop.files import write_bytes_atomically

log = logging.getLogger(__name__)

FILE_NAME = "pc-settings.json"
MAX_BYTES = 64 * 1024


def load_local(directory: Path) -> dict[str, Any]:
    """The settings, or empty when the file is missing or unreadable (logged)."""
    path = directory / FILE_NAME
    try:
        if path.stat().st_size > MAX_BYTES:
            log.warning("%s is too large; ignored", path)
            return {}
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("could not read %s: %s", path, exc)
        return {}
    return value if isinstance(value, dict) else {}


def save_local(directory: Path, values: dict[str, Any]) -> None:
    text = json.dumps(values, ensure_ascii=False, indent=2, sort_keys=True)
    write_bytes_atomically(directory / FILE_NAME, text.encode("utf-8"))


def update_local(directory: Path, **changes: Any) -> dict[str, Any]:
    """Change some keys (None removes one) and save."""
    values = load_local(directory)
    for key, value in changes.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    save_local(directory, values)
    return values


def backup_folder(directory: Path) -> Path | None:
    """The folder chosen for backups (e.g. on a USB drive), None for the default one."""
    value = load_local(directory).get("backup_folder")
    return Path(value) if isinstance(value, str) and value else None


def pc_login_token(directory: Path, database: str) -> str | None:
    """The automatic-login token this PC keeps for ``database`` (its display name)."""
    entry = load_local(directory).get("pc_login")
    if isinstance(entry, dict) and entry.get("database") == database:
        token = entry.get("token")
        return token if isinstance(token, str) else None
    return None
