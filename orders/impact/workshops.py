"""Workshops and trainings on the impact page: sign-ups and attendance, one way by district
(where the workshop was held) and one way by craft, from events' own counts.

Sign-ups are people (home-based workers who gave a phone number), so a row is shown only when
at least MIN_SIGNUPS people signed up in it; smaller rows are combined into "Other", which
must itself reach MIN_SIGNUPS (the smallest shown row joins it until it does), so nothing can
be had by subtracting the shown rows from the total."""

from collections import defaultdict
from dataclasses import dataclass

from events.workshops.selectors import workshop_counts

MIN_SIGNUPS = 5


@dataclass
class WorkshopRow:
    label: str
    signups: int = 0
    attended: int = 0
    is_other: bool = False


@dataclass(frozen=True)
class WorkshopBreakdown:
    dimension: str  # "district" or "craft"
    rows: list[WorkshopRow]
    withheld: bool


def _published(rows: list[WorkshopRow], other_label: str) -> tuple[list[WorkshopRow], bool]:
    shown = sorted(rows, key=lambda row: row.signups, reverse=True)
    held = [row for row in shown if row.signups < MIN_SIGNUPS]
    shown = [row for row in shown if row.signups >= MIN_SIGNUPS]
    while held and shown and sum(row.signups for row in held) < MIN_SIGNUPS:
        held.append(shown.pop())
    if held and sum(row.signups for row in held) < MIN_SIGNUPS:
        return [], True
    if held:
        other = WorkshopRow(label=other_label, is_other=True)
        for row in held:
            other.signups += row.signups
            other.attended += row.attended
        shown.append(other)
    return shown, False


def workshop_breakdowns(other_label: str, unknown_craft: str) -> list[WorkshopBreakdown]:
    """By district and by craft, each published on its own; empty when there are none."""
    counts = workshop_counts()
    if not counts:
        return []
    breakdowns = []
    for dimension in ("district", "craft"):
        merged: dict[str, WorkshopRow] = defaultdict(lambda: WorkshopRow(label=""))
        for count in counts:
            label = count["district"] if dimension == "district" else count["craft_name"]
            row = merged[label or unknown_craft]
            row.label = label or unknown_craft
            row.signups += count["signups"]
            row.attended += count["attended"]
        rows, withheld = _published(list(merged.values()), other_label)
        breakdowns.append(WorkshopBreakdown(dimension=dimension, rows=rows, withheld=withheld))
    return breakdowns
