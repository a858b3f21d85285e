"""Melas and their counted visitors on the impact page, by province, district and year.

A mela is a public event (its page names its place and dates) and its visitors are counted at
the gate without names, so these rows rest on no group's or maker's money and are shown as
they are; the money of stall sales is in the ledger's breakdowns, under the rules there.
A mela counts once whatever its translations (they share a translation key), by the place its
source page gives; a mela made before melas had a province counts under its country alone.
"""

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Sum

from events.models import MelaPage, MelaVisitorCount
from marketplace.translations import default_locale_id

MELA_DIMENSIONS = ("province", "district", "year")


@dataclass
class MelaRow:
    key: Hashable
    melas: int = 0
    visitors: int = 0


@dataclass(frozen=True)
class MelaBreakdown:
    dimension: str
    rows: list[MelaRow]


def _live_melas() -> dict[Any, dict[str, Any]]:
    """Each published mela once, by translation key: its source page's fields."""
    source_locale = default_locale_id()
    melas: dict[Any, dict[str, Any]] = {}
    rows = MelaPage.objects.live().values(
        "translation_key", "locale_id", "country", "province", "district", "start_date"
    )
    for row in rows:
        if row["translation_key"] not in melas or row["locale_id"] == source_locale:
            melas[row["translation_key"]] = row
    return melas


def _keys(mela: dict[str, Any]) -> dict[str, Hashable]:
    return {
        "province": (mela["country"], mela["province"]),
        "district": (mela["country"], mela["province"], mela["district"]),
        "year": mela["start_date"].year,
    }


def mela_breakdowns() -> list[MelaBreakdown]:
    """Melas and visitors one way at a time; places by visitors (most first), years in order."""
    melas = _live_melas()
    if not melas:
        return []
    visitors = dict(
        MelaVisitorCount.objects.filter(mela__live=True)
        .values("mela__translation_key")
        .annotate(total=Sum("visitors"))
        .values_list("mela__translation_key", "total")
    )
    by: dict[str, dict[Hashable, MelaRow]] = {name: {} for name in MELA_DIMENSIONS}
    for translation_key, mela in melas.items():
        for dimension, key in _keys(mela).items():
            row = by[dimension].setdefault(key, MelaRow(key=key))
            row.melas += 1
            row.visitors += visitors.get(translation_key) or 0
    breakdowns = []
    for dimension, rows in by.items():
        if dimension == "year":
            ordered = sorted(rows.values(), key=lambda row: cast(int, row.key))
        else:
            ordered = sorted(rows.values(), key=lambda row: (-row.visitors, -row.melas))
        breakdowns.append(MelaBreakdown(dimension=dimension, rows=ordered))
    return breakdowns


def mela_totals(breakdowns: list[MelaBreakdown]) -> MelaRow | None:
    """All melas and visitors (each mela is in exactly one year's row)."""
    years = next((b.rows for b in breakdowns if b.dimension == "year"), None)
    if not years:
        return None
    return MelaRow(
        key="total",
        melas=sum(row.melas for row in years),
        visitors=sum(row.visitors for row in years),
    )
