"""The program's own roster workbook: its sheets and their headers, for export and import.

The 会員名簿 sheet is what any roster has; the 事業所, 家族 and 互助会 sheets carry what a
new database needs so that export → import gives back the same society (a new PC, two
societies merged). Both sides read the headers from here, so they cannot drift apart.
"""

from __future__ import annotations

MEMBERS_SHEET = "会員名簿"
ESTABLISHMENTS_SHEET = "事業所"
FAMILY_SHEET = "家族"
SOCIETY_SHEET = "互助会"

ESTABLISHMENT_HEADERS = (
    "事業所番号", "事業所名", "フリガナ", "代表者", "郵便番号", "所在地", "電話番号", "担当者",
    "請求先担当者", "加入日", "脱退日", "請求の周期", "会費の納入方法", "備考",
)  # fmt: skip
FAMILY_HEADERS = (
    "会員番号", "続柄", "氏名", "フリガナ", "性別", "生年月日", "被扶養者", "登録日", "終了日",
    "婚姻日", "備考",
)  # fmt: skip
#: The society sheet is two columns, 項目 and 内容; these are its 項目 in order.
SOCIETY_ITEMS = (
    "団体名", "郵便番号", "住所", "電話番号", "代表者の役職", "代表者氏名", "事務担当者",
    "会員番号の形式", "締め日", "年度開始月", "年度の表記",
)  # fmt: skip
LABEL_RULE_TEXT = {"start": "年度の初日の元号", "reiwa_gannen": "2019年度を令和元年度"}
DEPENDENT_MARK = "○"
