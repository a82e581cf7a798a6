"""引継ぎ (handover): one file with the database, the society's own form templates and this
PC's settings, with a checksum, so the next clerk's PC gets everything.

The file is a zip (``*.gojokai``) holding ``manifest.json`` (what is inside, the SHA-256 of
every part, the program and schema versions) and ``manifest.sha256`` (the checksum of the
manifest, so a changed part or a changed manifest is found). Reading one is done like any
file from outside (``services/untrusted.py``): measured before it is unpacked, every part
checked against the manifest, the database checked whole, and only then anything replaced;
the database that was there is kept as a backup first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from gojokai_desktop import __version__
from gojokai_desktop.db.backup import BackupError, CopyFacts, backup_sqlite
from gojokai_desktop.db.engine import Database
from gojokai_desktop.files import atomic_path
from gojokai_desktop.services import local_settings
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.backups import restore_file, verify_backup
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.untrusted import Limits, UntrustedFileError, check_zip_container

FORMAT = "gojokai-handover"
FORMAT_VERSION = 1
SUFFIX = ".gojokai"
DATABASE_PART = "database.sqlite3"
SETTINGS_PART = "settings/pc-settings.json"
# The per-PC things that make sense on the next PC (never the automatic-login token).
SETTINGS_CARRIED = ("backup_folder",)
LIMITS = Limits(
    max_file_bytes=2 * 1024**3,
    max_uncompressed_bytes=4 * 1024**3,
    max_part_bytes=4 * 1024**3,
    max_ratio=200,
    max_parts=5000,
)


@dataclass(frozen=True)
class HandoverSummary:
    """What a handover file holds (shown before importing, and after exporting)."""

    path: Path
    society: str
    members: int
    schema_version: str | None
    program_version: str
    created_at: str
    forms: tuple[str, ...]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _society(facts_path: Path) -> str:
    import sqlite3

    connection = sqlite3.connect(f"file:{facts_path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT name FROM society_settings WHERE id = 1").fetchone()
    except sqlite3.DatabaseError:
        row = None
    finally:
        connection.close()
    return "" if row is None else str(row[0])


def export_handover(ctx: AppContext, target: Path, data_dir: Path) -> HandoverSummary:
    """引継ぎファイルの作成 (administrator): a verified copy of the database, the society's own
    forms and settings, with checksums; written atomically (never a half file)."""
    require_role(ctx, "admin", "引継ぎファイルの作成")
    database = ctx.database
    if database.path is None:
        raise BackupError("サーバーのデータベースは引継ぎファイルにできません。")
    with tempfile.TemporaryDirectory(prefix="gojokai-handover-") as scratch:
        copy = Path(scratch) / DATABASE_PART
        facts = backup_sqlite(database.path, copy)
        parts: dict[str, Path] = {DATABASE_PART: copy}
        forms_dir = data_dir / "forms"
        forms = sorted(forms_dir.glob("*.toml")) if forms_dir.is_dir() else []
        for form in forms:
            parts[f"forms/{form.name}"] = form
        settings = {
            k: v for k, v in local_settings.load_local(data_dir).items() if k in SETTINGS_CARRIED
        }
        settings_file = Path(scratch) / "pc-settings.json"
        settings_file.write_text(json.dumps(settings, ensure_ascii=False, indent=2), "utf-8")
        parts[SETTINGS_PART] = settings_file
        manifest = _manifest(facts, _society(copy), parts)
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        with atomic_path(target) as temp, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as out:
            out.writestr("manifest.json", manifest_bytes)
            out.writestr("manifest.sha256", hashlib.sha256(manifest_bytes).hexdigest() + "\n")
            for name, path in parts.items():
                out.write(path, name)
    with ctx.unit_of_work("引継ぎファイルの作成") as uow:
        uow.audit("handover", "export", {"file": target.name, "members": facts.members})
        uow.commit()
    return _summary(target, manifest)


def _manifest(facts: CopyFacts, society: str, parts: dict[str, Path]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now().isoformat(timespec="seconds"),  # noqa: DTZ005 - local
        "program_version": __version__,
        "schema_version": facts.schema_version,
        "society": society,
        "members": facts.members,
        "files": {name: _sha256(path) for name, path in parts.items()},
    }


def _summary(path: Path, manifest: dict[str, Any]) -> HandoverSummary:
    files = manifest.get("files", {})
    return HandoverSummary(
        path=path,
        society=str(manifest.get("society", "")),
        members=int(manifest.get("members", 0)),
        schema_version=manifest.get("schema_version"),
        program_version=str(manifest.get("program_version", "")),
        created_at=str(manifest.get("created_at", "")),
        forms=tuple(sorted(n.removeprefix("forms/") for n in files if n.startswith("forms/"))),
    )


def _read_manifest(path: Path, archive: zipfile.ZipFile) -> dict[str, Any]:
    names = set(archive.namelist())
    if "manifest.json" not in names or "manifest.sha256" not in names:
        raise UntrustedFileError(path, "引継ぎファイルではありません（目録がありません）。")
    manifest_bytes = archive.read("manifest.json")
    stated = archive.read("manifest.sha256").decode("ascii", "replace").strip()
    if hashlib.sha256(manifest_bytes).hexdigest() != stated:
        raise UntrustedFileError(path, "目録のチェックサムが合いません（ファイルが壊れています）。")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise UntrustedFileError(path, "目録を読めません。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise UntrustedFileError(path, "引継ぎファイルではありません。")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise UntrustedFileError(path, "新しい版のプログラムで作られた引継ぎファイルです。")
    files = manifest.get("files")
    if not isinstance(files, dict) or DATABASE_PART not in files:
        raise UntrustedFileError(path, "引継ぎファイルにデータベースがありません。")
    for name in files:
        part = PurePosixPath(name)
        if (
            part.is_absolute()
            or ".." in part.parts
            or not (
                name in (DATABASE_PART, SETTINGS_PART)
                or (name.startswith("forms/") and name.endswith(".toml") and len(part.parts) == 2)
            )
        ):
            raise UntrustedFileError(path, f"想定外のファイルが入っています（{name}）。")
        if name not in names:
            raise UntrustedFileError(path, f"引継ぎファイルに {name} がありません。")
    return manifest


def read_handover(path: Path, scratch: Path) -> tuple[HandoverSummary, dict[str, Path]]:
    """Check and unpack into ``scratch``: every part must give its checksum, the database
    must be whole and not newer than this program."""
    check_zip_container(path, LIMITS, kind="引継ぎファイル")
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _read_manifest(path, archive)
            unpacked: dict[str, Path] = {}
            for name, digest in manifest["files"].items():
                target = scratch / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(name) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
                if _sha256(target) != digest:
                    raise UntrustedFileError(
                        path, f"{name} のチェックサムが合いません（ファイルが壊れています）。"
                    )
                unpacked[name] = target
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        if isinstance(exc, UntrustedFileError):
            raise
        raise UntrustedFileError(path, f"引継ぎファイルを読めません（{exc}）。") from exc
    try:
        verify_backup(unpacked[DATABASE_PART])
    except BackupError as exc:
        raise UntrustedFileError(path, f"中のデータベースが使えません: {exc}") from exc
    return _summary(path, manifest), unpacked


def inspect_handover(path: Path) -> HandoverSummary:
    """What a handover file holds, fully checked, without changing anything."""
    with tempfile.TemporaryDirectory(prefix="gojokai-handover-") as scratch:
        summary, _parts = read_handover(path, Path(scratch))
    return summary


@dataclass(frozen=True)
class HandoverImported:
    summary: HandoverSummary
    kept_database: Path | None
    kept_forms: Path | None


def import_handover(
    database: Database, path: Path, data_dir: Path, backup_dir: Path
) -> HandoverImported:
    """Take over from a handover file: checked whole first; the database there now is kept
    as a backup (its forms folder renamed aside), then replaced. The caller holds the
    database lock and has checked who may (an administrator, or nobody yet on a new PC)."""
    if database.path is None:
        raise BackupError("サーバーのデータベースには引継ぎファイルを読み込めません。")
    with tempfile.TemporaryDirectory(prefix="gojokai-handover-") as scratch:
        summary, parts = read_handover(path, Path(scratch))
        database.path.parent.mkdir(parents=True, exist_ok=True)
        kept = restore_file(database, parts[DATABASE_PART], backup_dir, settings_dir=data_dir).kept
        kept_forms = _place_forms(parts, data_dir)
        _apply_settings(parts.get(SETTINGS_PART), data_dir)
    return HandoverImported(summary, kept, kept_forms)


def take_over(ctx: AppContext, path: Path, data_dir: Path, backup_dir: Path) -> HandoverImported:
    """引継ぎファイルの読み込み from the GUI: by an administrator of the open database."""
    require_role(ctx, "admin", "引継ぎファイルの読み込み")
    return import_handover(ctx.database, path, data_dir, backup_dir)


def _place_forms(parts: dict[str, Path], data_dir: Path) -> Path | None:
    forms_dir = data_dir / "forms"
    kept: Path | None = None
    if forms_dir.is_dir() and any(forms_dir.iterdir()):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - local clock
        kept = data_dir / f"forms-before-handover-{stamp}"
        forms_dir.rename(kept)
    for name, source in parts.items():
        if name.startswith("forms/"):
            forms_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, forms_dir / PurePosixPath(name).name)
    return kept


def _apply_settings(source: Path | None, data_dir: Path) -> None:
    if source is None:
        return
    try:
        carried = json.loads(source.read_text(encoding="utf-8"))
    except ValueError:
        return
    if isinstance(carried, dict):
        changes = {k: v for k, v in carried.items() if k in SETTINGS_CARRIED}
        if changes:
            local_settings.update_local(data_dir, **changes)
