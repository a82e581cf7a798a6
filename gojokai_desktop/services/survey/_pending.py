"""Sources of areas not in the program yet (斡旋): named, but not computed.

A survey may name them; their questions show 「この項目はまだ計算できません」 and are answered
by hand until the areas land and these names get their computations.
"""

from __future__ import annotations

from collections.abc import Collection

from gojokai_desktop.services.survey.figures import NOT_YET, Figure, Scope, SourceInfo

SOURCES = (
    SourceInfo(
        "tickets.sold",
        "斡旋品の年度中の販売枚数（斡旋が使えるようになるまで手入力）",
        "number",
        "枚",
        available=False,
    ),
    SourceInfo("tickets.sales", "斡旋品の年度中の販売額（同上）", "yen", "円", available=False),
    SourceInfo("tickets.subsidy", "斡旋品の年度中の補助額（同上）", "yen", "円", available=False),
)
NAMES = frozenset(s.name for s in SOURCES)


def figures(scope: Scope, wanted: Collection[str]) -> dict[str, Figure]:
    del scope  # nothing to read yet
    return {
        name: Figure(name, None, f"{NOT_YET}（手で答えてください）。", unavailable=NOT_YET)
        for name in wanted
    }
