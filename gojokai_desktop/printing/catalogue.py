"""The field names a form template may bind to, with what each means (DOMAIN.md §3–§8).

Areas that fill forms (members, dues, benefits, tickets, events) bind their values by these
names; a template naming anything else is refused, so a typo shows at load time, not on paper.
"""

from __future__ import annotations

FIELDS: dict[str, str] = {
    # 互助会 (settings)
    "society.name": "互助会名",
    "society.postal_code": "互助会の郵便番号",
    "society.address": "互助会の住所",
    "society.phone": "互助会の電話番号",
    "society.representative_title": "代表者の役職",
    "society.representative_name": "代表者氏名",
    "society.clerk_name": "事務担当者",
    # the document itself
    "document.date": "作成日・発行日",
    "document.number": "文書番号",
    # 会員
    "member.number": "会員番号",
    "member.name": "氏名",
    "member.name_kana": "フリガナ",
    "member.sex": "性別 (男/女)",
    "member.birth_date": "生年月日",
    "member.postal_code": "郵便番号",
    "member.address": "住所",
    "member.phone": "電話番号",
    "member.employment_type": "雇用形態",
    "member.join_date": "入会日",
    "member.leave_date": "退会日",
    "member.leave_reason": "退会理由 (退職/死亡/脱退/除名)",
    "member.bank_name": "金融機関名",
    "member.branch_name": "支店名",
    "member.bank_code": "金融機関コード",
    "member.branch_code": "支店コード",
    "member.account_type": "預金種目 (普通/当座)",
    "member.account_number": "口座番号",
    "member.account_holder_kana": "口座名義 (カナ)",
    # 事業所
    "establishment.number": "事業所番号",
    "establishment.name": "事業所名",
    "establishment.name_kana": "事業所名フリガナ",
    "establishment.postal_code": "事業所の郵便番号",
    "establishment.address": "事業所の住所",
    "establishment.phone": "事業所の電話番号",
    "establishment.owner_title": "事業主の役職",
    "establishment.owner_name": "事業主氏名",
    "establishment.contact_person": "事務担当者",
    # 変更届・退会届
    "change.effective_date": "変更年月日",
    "change.reason": "変更の理由",
    "withdrawal.date": "退会年月日",
    "withdrawal.reason": "退会理由 (退職/死亡/脱退/除名)",
    "withdrawal.note": "備考",
    # 慶弔給付
    "claim.number": "受付番号",
    "claim.date": "請求日",
    "claim.benefit_name": "給付の種類",
    "claim.event_date": "事由発生日",
    "claim.subject_name": "対象者氏名",
    "claim.subject_relation": "対象者の続柄",
    "claim.detail": "事由の内容",
    "claim.amount": "請求金額",
    "claim.evidence": "添付書類",
    "certification.date": "事業主証明日",
    "decision.number": "決定番号",
    "decision.date": "決定日",
    "decision.result": "決定 (支給/不支給)",
    "decision.amount": "支給金額",
    "decision.payment_date": "支払予定日",
    "decision.payment_method": "支払方法",
    "decision.reason": "決定理由・備考",
    "offer.reason": "案内する給付の該当理由 (満70歳・小学校入学 等)",
    "offer.deadline": "案内する給付の請求期限",
    "payment.number": "支払番号",
    "payment.date": "支払日",
    "payment.amount": "支払金額",
    "payment.method": "支払方法",
    "payment.note": "支払の備考",
    # 会費
    "invoice.number": "請求書番号",
    "invoice.period": "請求対象期間",
    "invoice.due_date": "お支払期限",
    "invoice.total": "ご請求金額",
    "invoice.payment_info": "お振込先・お支払方法",
    "invoice.note": "備考",
    "receipt.number": "領収書番号",
    "receipt.payer": "宛名",
    "receipt.amount": "金額",
    "receipt.purpose": "但し書き",
    "receipt.reissue": "再発行 (真のとき再発行の印字)",
    "receipt.stamp_box": "収入印紙欄を印字する (設定が有効かつ5万円以上)",
    # 斡旋
    "order.round": "斡旋の回 (第1回 等)",
    "order.deadline": "申込締切",
    "order.total": "合計金額",
    "order.note": "備考",
    # 研修会・行事
    "event.title": "研修会・行事名",
    "event.date": "開催日",
    "event.start_time": "開始時刻",
    "event.venue": "会場",
    "event.deadline": "申込締切",
    "event.fee_note": "参加費",
    "application.total": "参加費合計",
    "application.mark": "取消済の印（取消日）",
    # 送付状
    "letter.recipient": "宛先 (敬称を含む)",
    "letter.subject": "件名",
    "letter.body": "本文",
}

TABLES: dict[str, dict[str, str]] = {
    "family": {
        "relation": "続柄",
        "name": "氏名",
        "name_kana": "フリガナ",
        "sex": "性別",
        "birth_date": "生年月日",
        "dependent": "扶養 (有/無)",
        "from_date": "開始日",
        "note": "備考",
    },
    "changes": {"item": "変更事項", "before": "変更前", "after": "変更後"},
    "invoice.lines": {
        "description": "内訳",
        "count": "人数",
        "unit_price": "単価",
        "months": "月数",
        "amount": "金額",
    },
    "order.lines": {
        "item_name": "品名",
        "unit_price": "会員価格",
        "quantity": "数量",
        "amount": "金額",
        "note": "備考",
    },
    "event.participants": {
        "name": "氏名",
        "name_kana": "フリガナ",
        "category": "区分 (会員/家族/一般)",
        "relation": "続柄",
        "fee": "参加費",
        "note": "備考",
    },
    "letter.enclosures": {"name": "送付書類", "copies": "部数", "note": "備考"},
}


def is_known_field(name: str) -> bool:
    """True when ``name`` is a field or a table a template may bind to."""
    return name in FIELDS or name in TABLES
