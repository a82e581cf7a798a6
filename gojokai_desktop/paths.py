"""Where the program keeps its files: the database, backups, logs, form templates, presets."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

from gojokai_desktop import APP_NAME

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR_ENV = "GOJOKAI_DATA_DIR"
DATABASE_URL_ENV = "GOJOKAI_DATABASE_URL"


def data_dir() -> Path:
    """The per-user data directory (created on first use); ``GOJOKAI_DATA_DIR`` overrides it."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "gojokai.sqlite3"


def demo_database_path() -> Path:
    return data_dir() / "demo.sqlite3"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_forms_dir() -> Path:
    return data_dir() / "forms"


def shipped_dir(name: str) -> Path:
    """A folder shipped with the program (``forms``, ``resources``).

    The wheel and the PyInstaller bundle map it into the package; a source checkout (and an
    editable install) keeps it at the top of the repository, where a society's clerk finds it.
    """
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


def resolve_database_url(db_path: str | os.PathLike[str] | None) -> str:
    """``--db PATH`` wins, then ``GOJOKAI_DATABASE_URL`` (any SQLAlchemy URL), then the default."""
    if db_path:
        text = os.fspath(db_path)
        if "://" in text:
            return text
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    env = os.environ.get(DATABASE_URL_ENV)
    if env:
        return env
    return "sqlite:///" + str(default_database_path())
