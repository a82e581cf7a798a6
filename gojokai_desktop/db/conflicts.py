"""「ほかの端末で先に変更されました」: what another PC changed in a record since it was read.

A versioned row (``models.base.Versioned``) counts its version up with every UPDATE, and
every UPDATE the ORM makes leaves one audit entry; so the changes since the version a
clerk's screen loaded are the newest ``current - loaded`` update entries of that row.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import AuditEntry, Base
from gojokai_desktop.domain.errors import EditConflict, FieldChange, OtherEdit

TABLE_LABELS = {
    "members": "会員",
    "family_members": "家族",
    "establishments": "事業所",
    "benefit_claims": "給付請求",
    "officers": "役員",
    "meetings": "会議",
    "meeting_items": "議案",
    "report_texts": "事業報告の文章",
    "partners": "推進の提携先",
    "partner_items": "推進の項目",
    "partner_targets": "推進の目標",
    "partner_results": "推進の実績",
    "partner_enrolments": "推進の加入",
}

COLUMN_LABELS = {
    "number": "番号",
    "name": "氏名",
    "name_kana": "フリガナ",
    "sex": "性別",
    "birth_date": "生年月日",
    "postal_code": "郵便番号",
    "address": "住所",
    "phone": "電話番号",
    "establishment_id": "事業所",
    "employment_type": "雇用形態",
    "dues_class": "会費区分",
    "join_date": "入会日",
    "leave_date": "退会日",
    "leave_reason": "退会理由",
    "bank_code": "金融機関コード",
    "branch_code": "支店コード",
    "account_type": "預金種目",
    "account_number": "口座番号",
    "account_holder_kana": "口座名義（カナ）",
    "notes": "備考",
    "note": "備考",
    "relation": "続柄",
    "dependent": "扶養",
    "from_date": "開始日",
    "to_date": "終了日",
    "married_on": "婚姻日",
    "owner_name": "代表者名",
    "contact_person": "担当者",
    "billing_contact": "請求先",
    "collection_method": "徴収方法",
    "billing_cycle": "請求周期",
    "kind_code": "給付の種類",
    "kind_name": "給付の種類",
    "family_member_id": "対象の家族",
    "event_date": "事由発生日",
    "claim_date": "請求日",
    "days_off": "休業日数",
    "damage_class": "被害の程度",
    "children": "子の人数",
    "service_years": "勤続年数",
    "spouse_also_claimed": "配偶者も請求",
    "detail": "内容",
    "evidence_json": "添付書類",
    "employer_certified": "事業主証明",
    "status": "状態",
    "computed_amount": "計算額",
    "amount": "支給額",
    "overridden": "変更あり",
    "override_reason": "変更の理由",
    "decided_on": "決定日",
    "reject_reason": "不支給の理由",
    "payment_method": "支払方法",
    "paid_on": "支払日",
}
_TABLE_COLUMN_LABELS = {
    ("establishments", "name"): "事業所名",
    ("establishments", "number"): "事業所番号",
    ("members", "number"): "会員番号",
}
# Derived or bookkeeping columns the clerk never typed.
_HIDDEN = {"kana_search", "version", "explanation", "failures_json", "table_id", "seq"}


def label_of(table: str, column: str) -> str:
    return _TABLE_COLUMN_LABELS.get((table, column)) or COLUMN_LABELS.get(column, column)


_YEN_COLUMNS = {"amount", "computed_amount"}


def _shown(column: str, value: Any) -> str:
    if value is None or value == "":
        return "（なし）"
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if column in _YEN_COLUMNS and isinstance(value, int):
        return f"{value:,}円"
    return str(value)


def _local(at: dt.datetime) -> str:
    local = at.replace(tzinfo=dt.UTC).astimezone()
    return local.strftime("%Y-%m-%d %H:%M")


def other_edits(session: Session, table: str, row_id: int, count: int) -> tuple[OtherEdit, ...]:
    """The newest ``count`` ORM updates of one row, oldest first."""
    if count <= 0:
        return ()
    entries = session.execute(
        select(AuditEntry.at, AuditEntry.user_name, AuditEntry.before_json, AuditEntry.after_json)
        .where(
            AuditEntry.entity == table,
            AuditEntry.entity_id == str(row_id),
            AuditEntry.operation == "update",
        )
        .order_by(AuditEntry.id.desc())
        .limit(count)
    ).all()
    edits: list[OtherEdit] = []
    for at, by, before_json, after_json in reversed(entries):
        before = json.loads(before_json or "{}")
        after = json.loads(after_json or "{}")
        changes = tuple(
            FieldChange(label_of(table, key), _shown(key, before.get(key)), _shown(key, value))
            for key, value in after.items()
            if key not in _HIDDEN
        )
        edit = OtherEdit(by or "（不明）", _local(at), changes)
        # One save may write the row twice (a claim corrected, then assessed again): one line.
        if edits and (edits[-1].by, edits[-1].at) == (edit.by, edit.at):
            edit = OtherEdit(edit.by, edit.at, edits.pop().changes + changes)
        edits.append(edit)
    return tuple(edits)


def insert_author(session: Session, table: str, row_id: int) -> tuple[str, str]:
    """Who wrote a row and when (local time), from its audit entry."""
    found = session.execute(
        select(AuditEntry.user_name, AuditEntry.at)
        .where(
            AuditEntry.entity == table,
            AuditEntry.entity_id == str(row_id),
            AuditEntry.operation == "insert",
        )
        .limit(1)
    ).first()
    if found is None:
        return "（不明）", ""
    return found[0] or "（不明）", _local(found[1])


def conflict_for(session: Session, row: Base, loaded_version: int, what: str = "") -> EditConflict:
    """The conflict of ``row`` (already read at its current version) for a clerk who loaded
    ``loaded_version``; ``what`` names the record (会員 0001-002 佐藤 花子)."""
    table = type(row).__tablename__
    current = int(getattr(row, "version", loaded_version))
    row_id = int(getattr(row, "id", 0))
    edits = other_edits(session, table, row_id, current - loaded_version)
    return EditConflict(what or f"{TABLE_LABELS.get(table, table)} ID {row_id}", edits)


def expect_version(session: Session, row: Base, loaded_version: int | None, what: str = "") -> None:
    """Refuse a save over ``row`` when it is no longer at the version the clerk loaded.

    ``None`` (a command-line action, a test) checks nothing here; SQLAlchemy's version
    check still refuses a change made between this read and the write.
    """
    if loaded_version is None:
        return
    if int(getattr(row, "version", loaded_version)) != loaded_version:
        raise conflict_for(session, row, loaded_version, what)
