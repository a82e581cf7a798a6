"""Printing use cases: find a form (the society's copy wins), fill it from the DB, render."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gojokai_desktop.db.models import Establishment, FamilyMember, Member, SocietySettings
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.paths import shipped_dir
from gojokai_desktop.printing.render import PrinterOffset, RenderResult, render_forms
from gojokai_desktop.printing.templates import FormTemplate, TemplateError, load_template
from gojokai_desktop.services.bank_codes import bank, branch
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.print_settings import PrintSettings, font_set, load_print_settings

FormValues = Mapping[str, object]
Output = str | Path | IO[bytes]
# Stamp duty applies to receipts of this amount or more (印紙税法 別表第一 17号).
STAMP_DUTY_THRESHOLD = 50_000

_SEX = {"M": "男", "F": "女"}
_EMPLOYMENT = {
    "regular": "正社員",
    "part_time": "パート・アルバイト",
    "owner": "事業主",
    "other": "その他",
}
_LEAVE_REASON = {"retired": "退職", "deceased": "死亡", "withdrawn": "脱退", "expelled": "除名"}
_ACCOUNT_TYPE = {"1": "普通", "2": "当座"}


@dataclass(frozen=True)
class FormInfo:
    """One printable form as the form list shows it."""

    stem: str
    title: str
    description: str
    path: Path
    user_copy: bool


def shipped_forms_dir() -> Path:
    """The templates installed with the program."""
    return shipped_dir("forms")


def resolve_form_path(stem: str, user_forms_dir: Path | None) -> Path:
    """The template file for ``stem``: the society's copy if it has one, else the shipped one."""
    for directory in (user_forms_dir, shipped_forms_dir()):
        if directory is not None and (directory / f"{stem}.toml").is_file():
            return directory / f"{stem}.toml"
    known = "、".join(sorted(p.stem for p in shipped_forms_dir().glob("*.toml")))
    raise ValidationError(f"様式「{stem}」はありません（あるもの: {known}）。", "様式")


def load_form(stem_or_title: str, user_forms_dir: Path | None) -> FormTemplate:
    """Load a form by file stem (``receipt``) or title (``領収書``); broken ones raise."""
    stem = stem_or_title
    if not (shipped_forms_dir() / f"{stem}.toml").is_file() and not (
        user_forms_dir is not None and (user_forms_dir / f"{stem}.toml").is_file()
    ):
        by_title = {f.title: f.stem for f in list_forms(user_forms_dir)}
        stem = by_title.get(stem_or_title, stem_or_title)
    return load_template(resolve_form_path(stem, user_forms_dir))


def _form_files(user_forms_dir: Path | None) -> dict[str, tuple[Path, bool]]:
    files = {p.stem: (p, False) for p in shipped_forms_dir().glob("*.toml")}
    if user_forms_dir is not None and user_forms_dir.is_dir():
        files.update({p.stem: (p, True) for p in user_forms_dir.glob("*.toml")})
    return files


def list_forms(user_forms_dir: Path | None) -> list[FormInfo]:
    """Every usable form, sorted by title; broken user copies are left out (see check)."""
    forms = []
    for stem, (path, user_copy) in _form_files(user_forms_dir).items():
        try:
            template = load_template(path)
        except TemplateError:
            continue
        forms.append(FormInfo(stem, template.title, template.description, path, user_copy))
    return sorted(forms, key=lambda f: f.title)


def check_forms(paths: Sequence[Path]) -> list[tuple[Path, TemplateError | None]]:
    """Validate each template file; pair it with its error, or None when it is fine."""
    results: list[tuple[Path, TemplateError | None]] = []
    for path in paths:
        try:
            load_template(path)
        except TemplateError as error:
            results.append((path, error))
        else:
            results.append((path, None))
    return results


def all_form_paths(user_forms_dir: Path | None) -> list[Path]:
    """The files ``forms check`` looks at: shipped ones and the society's copies."""
    shipped = sorted(shipped_forms_dir().glob("*.toml"))
    users = (
        sorted(user_forms_dir.glob("*.toml")) if user_forms_dir and user_forms_dir.is_dir() else []
    )
    return shipped + users


def copy_form_for_editing(stem: str, user_forms_dir: Path) -> Path:
    """Copy a shipped template into the society's forms folder, where it will win."""
    source = shipped_forms_dir() / f"{stem}.toml"
    if not source.is_file():
        raise ValidationError(f"様式「{stem}」はありません。", "様式")
    user_forms_dir.mkdir(parents=True, exist_ok=True)
    target = user_forms_dir / source.name
    if target.exists():
        raise ValidationError(f"{target} はすでにあります。", "様式")
    shutil.copyfile(source, target)
    return target


# -- values from the database -------------------------------------------------------------
def society_values(session: Session) -> dict[str, object]:
    """The society's name, address and officers for every form's header and footer."""
    row = session.get(SocietySettings, 1)
    if row is None:
        return {}
    return {
        "society.name": row.name,
        "society.postal_code": row.postal_code,
        "society.address": row.address,
        "society.phone": row.phone,
        "society.representative_title": row.representative_title,
        "society.representative_name": row.representative_name,
        "society.clerk_name": row.clerk_name,
    }


def establishment_values(establishment: Establishment) -> dict[str, object]:
    """An establishment's fields; its number is printed with four digits, as on its papers."""
    return {
        "establishment.number": f"{establishment.number:04d}",
        "establishment.name": establishment.name,
        "establishment.name_kana": establishment.name_kana,
        "establishment.postal_code": establishment.postal_code,
        "establishment.address": establishment.address,
        "establishment.phone": establishment.phone,
        "establishment.owner_name": establishment.owner_name,
        "establishment.contact_person": establishment.contact_person,
    }


def account_values(
    prefix: str,
    *,
    bank_code: str,
    branch_code: str,
    account_type: str | None,
    account_number: str,
    holder_kana: str,
) -> dict[str, object]:
    """A bank account as the forms bind it (``{prefix}.bank_name`` …), names from the
    bank-code list; a code the list does not know (a merged bank, an old list) is printed as
    the code, which still identifies the account."""
    found_bank = bank(bank_code) if bank_code else None
    found_branch = branch(bank_code, branch_code) if bank_code and branch_code else None
    bank_name = (
        found_bank.name if found_bank else (f"金融機関コード {bank_code}" if bank_code else "")
    )
    branch_name = (
        found_branch.name if found_branch else (f"支店コード {branch_code}" if branch_code else "")
    )
    return {
        f"{prefix}.bank_code": bank_code,
        f"{prefix}.branch_code": branch_code,
        f"{prefix}.bank_name": bank_name,
        f"{prefix}.branch_name": branch_name,
        f"{prefix}.account_type": _ACCOUNT_TYPE.get(account_type or "", ""),
        f"{prefix}.account_number": account_number,
        f"{prefix}.account_holder_kana": holder_kana,
    }


def _family_rows(family: Sequence[FamilyMember], on: dt.date) -> list[dict[str, object]]:
    current = [f for f in family if f.to_date is None or f.to_date >= on]
    return [
        {
            "relation": f.relation,
            "name": f.name,
            "name_kana": f.name_kana,
            "sex": _SEX.get(f.sex or "", ""),
            "birth_date": f.birth_date,
            "dependent": "有" if f.dependent else "無",
            "from_date": f.from_date,
            "note": f.notes,
        }
        for f in sorted(current, key=lambda f: (f.birth_date or dt.date.max, f.id))
    ]


def member_values(member: Member, on: dt.date) -> dict[str, object]:
    """A member's fields, establishment and current family, in the catalogue's names."""
    values: dict[str, object] = {
        "member.number": member.number,
        "member.name": member.name,
        "member.name_kana": member.name_kana,
        "member.sex": _SEX.get(member.sex or "", ""),
        "member.birth_date": member.birth_date,
        "member.postal_code": member.postal_code,
        "member.address": member.address,
        "member.phone": member.phone,
        "member.employment_type": _EMPLOYMENT.get(member.employment_type, ""),
        "member.join_date": member.join_date,
        "member.leave_date": member.leave_date,
        "member.leave_reason": _LEAVE_REASON.get(member.leave_reason or "", ""),
        **account_values(
            "member",
            bank_code=member.bank_code,
            branch_code=member.branch_code,
            account_type=member.account_type,
            account_number=member.account_number,
            holder_kana=member.account_holder_kana,
        ),
        "family": _family_rows(member.family, on),
    }
    values.update(establishment_values(member.establishment))
    return values


def load_member_values(
    session: Session, numbers: Sequence[str], on: dt.date
) -> list[dict[str, object]]:
    """Values of the given members, in the order asked; an unknown number is refused."""
    members = session.scalars(
        select(Member)
        .where(Member.number.in_(numbers))
        .options(selectinload(Member.establishment), selectinload(Member.family))
    ).all()
    by_number = {m.number: m for m in members}
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise ValidationError(f"会員番号 {'、'.join(missing)} の会員はいません。", "会員番号")
    return [member_values(by_number[n], on) for n in numbers]


def receipt_values(
    *,
    number: str,
    issued: dt.date,
    payer: str,
    amount: int,
    purpose: str,
    reissue: bool,
    stamp_box_setting: bool,
) -> dict[str, object]:
    """A receipt's fields; the stamp box shows only when the society asks for it and the
    amount reaches the stamp-duty threshold (DOMAIN.md §4)."""
    return {
        "receipt.number": number,
        "document.date": issued,
        "receipt.payer": payer,
        "receipt.amount": amount,
        "receipt.purpose": purpose,
        "receipt.reissue": reissue,
        "receipt.stamp_box": stamp_box_setting and amount >= STAMP_DUTY_THRESHOLD,
    }


# -- rendering ------------------------------------------------------------------------------
def _unmasked(template: FormTemplate) -> FormTemplate:
    """The template with masked account fields printed in full (the society chose so)."""

    def plain(fmt: str) -> str:
        return "text" if fmt == "account_masked" else fmt

    elements = tuple(
        dataclasses.replace(
            e,
            opts={**e.opts, "format": plain(e.opts["format"])} if "format" in e.opts else e.opts,
            columns=tuple(dataclasses.replace(c, format=plain(c.format)) for c in e.columns),
        )
        for e in template.elements
    )
    return dataclasses.replace(template, elements=elements)


def _prepared(stem: str, user_forms_dir: Path | None, settings: PrintSettings) -> FormTemplate:
    template = load_form(stem, user_forms_dir)
    return template if settings.mask_accounts else _unmasked(template)


def _stamp_box(record: FormValues, settings: PrintSettings) -> dict[str, object]:
    # The stored setting decides, whatever the caller computed (DOMAIN.md §4).
    amount = record.get("receipt.amount")
    if not isinstance(amount, int):
        return {}
    return {"receipt.stamp_box": settings.stamp_box and amount >= STAMP_DUTY_THRESHOLD}


def _society_and_settings(
    ctx: AppContext | None, settings: PrintSettings | None
) -> tuple[dict[str, object], PrintSettings]:
    if ctx is None:
        return {}, settings or PrintSettings()
    with ctx.reader() as session:
        return society_values(session), settings or load_print_settings(session)


def render_blank(
    ctx: AppContext | None,
    stem: str,
    out: Output,
    *,
    user_forms_dir: Path | None,
    copies: int = 1,
    offset: PrinterOffset | None = None,
    settings: PrintSettings | None = None,
) -> RenderResult:
    """The blank form (with the society's own name and address when a database is open).

    ``settings`` default to the stored printing settings (fonts, masking).
    """
    society, settings = _society_and_settings(ctx, settings)
    template = _prepared(stem, user_forms_dir, settings)
    return render_forms(template, [society] * copies, out, fonts=font_set(settings), offset=offset)


def render_member_forms(
    ctx: AppContext,
    stem: str,
    member_numbers: Sequence[str],
    out: Output,
    *,
    user_forms_dir: Path | None,
    extra: FormValues | None = None,
    offset: PrinterOffset | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    settings: PrintSettings | None = None,
) -> RenderResult:
    """One PDF with the form pre-filled for each member, e.g. 500 入会申込書 at once.

    Opens its own read session, so it may run on a worker thread while the screen keeps its
    own.  ``extra`` values (a claim, a receipt) are laid over every record.
    """
    today = ctx.today()
    with ctx.reader() as session:
        society = society_values(session)
        members = load_member_values(session, member_numbers, today)
        settings = settings or load_print_settings(session)
    template = _prepared(stem, user_forms_dir, settings)
    records = [{**society, "document.date": today, **m, **(extra or {})} for m in members]
    records = [{**r, **_stamp_box(r, settings)} for r in records]
    return render_forms(
        template,
        records,
        out,
        fonts=font_set(settings),
        offset=offset,
        progress=progress,
        is_cancelled=is_cancelled,
    )


def render_records(
    ctx: AppContext | None,
    stem: str,
    records: Sequence[FormValues],
    out: Output,
    *,
    user_forms_dir: Path | None,
    offset: PrinterOffset | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    settings: PrintSettings | None = None,
) -> RenderResult:
    """Render records an area has built (a claim, an invoice) with the society's values."""
    society, settings = _society_and_settings(ctx, settings)
    template = _prepared(stem, user_forms_dir, settings)
    merged = [{**society, **r, **_stamp_box(r, settings)} for r in records]
    return render_forms(
        template,
        merged,
        out,
        fonts=font_set(settings),
        offset=offset,
        progress=progress,
        is_cancelled=is_cancelled,
    )
