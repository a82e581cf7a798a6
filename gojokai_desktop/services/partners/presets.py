"""The shipped partners (ろうきん, こくみん共済 coop, 自治労共済): their year, rounding, items."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.partners.items import check_source, check_unit
from gojokai_desktop.domain.partners.rates import check_rounding
from gojokai_desktop.paths import shipped_dir

PRESETS_DIR = shipped_dir("resources") / "presets"
PRESETS: dict[str, Path] = {
    "rokin": PRESETS_DIR / "partners_rokin.toml",
    "kokumin_kyosai": PRESETS_DIR / "partners_kokumin_kyosai.toml",
    "jichiro_kyosai": PRESETS_DIR / "partners_jichiro_kyosai.toml",
}


@dataclass(frozen=True)
class ItemSpec:
    """An item as a preset (or a copied year) describes it."""

    code: str
    group: str
    name: str
    unit: str
    source: str = "entry"


@dataclass(frozen=True)
class PartnerPreset:
    key: str
    name: str
    formal_name: str
    start_month: int
    rate_rounding: str
    items: tuple[ItemSpec, ...]


def _text(table: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{where}の {key} は文字で書いてください。", "推進先のひな形")
    return value.strip()


def load_preset(key: str, path: Path | None = None) -> PartnerPreset:
    """Read and check one preset file (a ValidationError says which entry is wrong)."""
    source = path or PRESETS.get(key)
    if source is None:
        raise ValidationError(f"推進先のひな形「{key}」はありません。", "推進先のひな形")
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(f"{source.name} を読めません: {exc}", "推進先のひな形") from exc
    partner = data.get("partner", {})
    start = partner.get("start_month", 4)
    if isinstance(start, bool) or not isinstance(start, int) or not 1 <= start <= 12:
        raise ValidationError(f"{source.name}: start_month は1〜12です。", "推進先のひな形")
    items: list[ItemSpec] = []
    for n, entry in enumerate(data.get("items", []), start=1):
        where = f"{source.name} の{n}番目の項目"
        items.append(
            ItemSpec(
                code=_text(entry, "code", where),
                group=str(entry.get("group", "")).strip(),
                name=_text(entry, "name", where),
                unit=check_unit(_text(entry, "unit", where)),
                source=check_source(_text(entry, "source", where, "entry")),
            )
        )
    return PartnerPreset(
        key=key,
        name=_text(partner, "name", source.name),
        formal_name=str(partner.get("formal_name", "")).strip(),
        start_month=start,
        rate_rounding=check_rounding(_text(partner, "rate_rounding", source.name, "half_up_1")),
        items=tuple(items),
    )


def all_presets() -> list[PartnerPreset]:
    return [load_preset(key) for key in PRESETS]
