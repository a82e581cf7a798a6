"""The audit trail (監査ログ) for the auditor's screen: entries by date, user, table and record
with the values before and after, filtered, exported, and the chain verified."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select

from gojokai_desktop.db.models import AuditEntry
from gojokai_desktop.db.verify import Verification, table_label, verify
from gojokai_desktop.exports.members import SheetColumn, write_csv, write_workbook
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext

OPERATION_LABELS = {
    "insert": "追加",
    "update": "変更",
    "delete": "削除",
    "bulk": "一括",
    "seal": "封印",
}
# Japanese names of the columns a clerk and an auditor meet most; others show as they are.
FIELD_LABELS = {
    "number": "番号",
    "name": "氏名・名称",
    "name_kana": "フリガナ",
    "kana_search": "検索用カナ",
    "birth_date": "生年月日",
    "sex": "性別",
    "postal_code": "郵便番号",
    "address": "住所",
    "phone": "電話番号",
    "establishment_id": "事業所",
    "member_id": "会員",
    "family_member_id": "家族",
    "join_date": "入会日",
    "leave_date": "退会日",
    "leave_reason": "退会理由",
    "employment_type": "雇用形態",
    "dues_class": "会費区分",
    "relation": "続柄",
    "dependent": "被扶養者",
    "from_date": "開始日",
    "to_date": "終了日",
    "start_date": "開始日",
    "end_date": "終了日",
    "end_reason": "終了の理由",
    "married_on": "結婚日",
    "owner_name": "事業主",
    "contact_person": "担当者",
    "billing_contact": "請求先",
    "collection_method": "集金方法",
    "billing_cycle": "請求の周期",
    "status": "状態",
    "amount": "金額",
    "computed_amount": "計算額",
    "paid_amount": "入金額",
    "total_amount": "合計額",
    "notes": "備考",
    "note": "備考",
    "reason": "理由",
    "kind": "種類",
    "kind_code": "給付の種類",
    "claim_date": "請求日",
    "decided_on": "決定日",
    "paid_on": "支払日",
    "payment_date": "支払日",
    "entry_date": "記帳日",
    "issued_date": "発行日",
    "voucher_no": "伝票番号",
    "item_id": "科目",
    "description": "摘要",
    "counterparty": "相手先",
    "fiscal_year": "年度",
    "period": "請求月",
    "overridden": "上書き",
    "override_by": "上書きした人",
    "override_reason": "上書きの理由",
    "reject_reason": "不支給の理由",
    "void_reason": "無効の理由",
    "role": "役割",
    "active": "有効",
    "login": "ログイン名",
    "display_name": "表示名",
    "password_hash": "パスワード",
    "must_change_password": "パスワード変更待ち",
    "failed_logins": "ログイン失敗回数",
    "locked_until": "ロック解除時刻",
    "last_login_at": "最終ログイン",
    "bank_code": "銀行コード",
    "branch_code": "支店コード",
    "bank_name": "銀行名",
    "branch_name": "支店名",
    "account_type": "口座種別",
    "account_number": "口座番号",
    "account_holder_kana": "口座名義（カナ）",
    "payee_name": "受取人",
    "value_json": "設定の値",
    "key": "設定の名前",
    "version": "版",
}
MAX_ROWS = 5000


@dataclass(frozen=True)
class AuditFilter:
    """What the auditor narrows the list to; empty means any."""

    start: dt.date | None = None
    end: dt.date | None = None
    user: str = ""
    entity: str = ""
    record: str = ""
    text: str = ""


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    """One entry as the auditor reads it (local time, Japanese names, each changed field)."""

    id: int
    at: dt.datetime
    user_name: str
    action: str
    operation: str
    entity: str
    entity_id: str
    changes: tuple[Change, ...]

    @property
    def operation_label(self) -> str:
        return OPERATION_LABELS.get(self.operation, self.operation)

    @property
    def entity_label(self) -> str:
        return table_label(self.entity) if self.entity else ""

    @property
    def summary(self) -> str:
        return "、".join(f"{c.label}: {c.before} → {c.after}" for c in self.changes[:4])


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _utc(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _changes(before_json: str | None, after_json: str | None) -> tuple[Change, ...]:
    def parse(text: str | None) -> dict[str, Any]:
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError:
            return {"内容": text}
        return value if isinstance(value, dict) else {"内容": value}

    before, after = parse(before_json), parse(after_json)
    known = list(FIELD_LABELS)
    fields = sorted(
        (f for f in dict.fromkeys([*before, *after]) if f != "id"),
        key=lambda f: (known.index(f) if f in known else len(known), f),
    )
    changes = []
    for name in fields:
        old, new = _shown(before.get(name)), _shown(after.get(name))
        # An insert or a delete lists only what the record held; an update what changed.
        if (old or new) and (old != new or name not in before or name not in after):
            changes.append(Change(name, FIELD_LABELS.get(name, name), old, new))
    return tuple(changes)


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(
        id=entry.id,
        at=_local(entry.at),
        user_name=entry.user_name,
        action=entry.action,
        operation=entry.operation,
        entity=entry.entity,
        entity_id=entry.entity_id,
        changes=_changes(entry.before_json, entry.after_json),
    )


def _reader_of_trail(ctx: AppContext) -> None:
    """The trail shows every change to personal data: administrators and auditors read it."""
    from gojokai_desktop.services.auth.roles import current_role

    if current_role(ctx) not in ("system", "admin", "auditor"):
        require_role(ctx, "admin", "監査ログの閲覧（管理者と監事）")


def list_entries(ctx: AppContext, wanted: AuditFilter, limit: int = MAX_ROWS) -> list[AuditRow]:
    """The entries that match, newest first (at most ``limit``)."""
    _reader_of_trail(ctx)
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if wanted.start is not None:
        query = query.where(AuditEntry.at >= _utc(wanted.start))
    if wanted.end is not None:
        query = query.where(AuditEntry.at < _utc(wanted.end + dt.timedelta(days=1)))
    if wanted.user:
        query = query.where(AuditEntry.user_name.contains(wanted.user.strip()))
    if wanted.entity:
        query = query.where(AuditEntry.entity == wanted.entity)
    if wanted.record:
        query = query.where(AuditEntry.entity_id == wanted.record.strip())
    if wanted.text:
        words = wanted.text.strip()
        query = query.where(
            or_(
                AuditEntry.action.contains(words),
                AuditEntry.before_json.contains(words),
                AuditEntry.after_json.contains(words),
            )
        )
    with ctx.reader() as session:
        return [_row(entry) for entry in session.scalars(query)]


def entity_choices(ctx: AppContext) -> list[tuple[str, str]]:
    """The tables the trail names, as (name, Japanese label), for the filter."""
    with ctx.reader() as session:
        names = session.scalars(
            select(AuditEntry.entity).where(AuditEntry.entity != "").group_by(AuditEntry.entity)
        ).all()
    return sorted(((n, table_label(n)) for n in names), key=lambda item: item[1])


def user_choices(ctx: AppContext) -> list[str]:
    with ctx.reader() as session:
        return list(
            session.scalars(
                select(AuditEntry.user_name)
                .group_by(AuditEntry.user_name)
                .order_by(func.min(AuditEntry.id))
            )
        )


EXPORT_COLUMNS = (
    SheetColumn("番号", "int", 8),
    SheetColumn("日時", width=20),
    SheetColumn("利用者", width=18),
    SheetColumn("操作", width=22),
    SheetColumn("種類", width=8),
    SheetColumn("表", width=16),
    SheetColumn("記録", width=10),
    SheetColumn("項目", width=16),
    SheetColumn("変更前", width=30),
    SheetColumn("変更後", width=30),
)


def _export_values(rows: list[AuditRow]) -> list[list[Any]]:
    values: list[list[Any]] = []
    for row in rows:
        base = [
            row.id,
            row.at.strftime("%Y-%m-%d %H:%M:%S"),
            row.user_name,
            row.action,
            row.operation_label,
            row.entity_label,
            row.entity_id,
        ]
        if not row.changes:
            values.append([*base, "", "", ""])
        for change in row.changes:
            values.append([*base, change.label, change.before, change.after])
    return values


def export_entries(ctx: AppContext, rows: list[AuditRow], path: Path, fmt: str = "xlsx") -> int:
    """The listed entries, one line per changed field, as a workbook or CSV (atomically);
    the export itself is recorded in the trail."""
    _reader_of_trail(ctx)
    values = _export_values(rows)
    if fmt == "csv":
        count = write_csv(path, EXPORT_COLUMNS, values)
    else:
        count = write_workbook(path, EXPORT_COLUMNS, values, sheet_title="監査ログ")
    with ctx.unit_of_work("監査ログの出力") as uow:
        uow.audit("audit_entries", "export", {"file": path.name, "entries": len(rows)})
        uow.commit()
    return count


def verify_trail(ctx: AppContext) -> Verification:
    """Walk the chain and compare every row with its last record (監査ログの検証)."""
    with ctx.database.read_engine.connect() as connection:
        return verify(connection)
