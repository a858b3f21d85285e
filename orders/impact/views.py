"""/impact/: public, for anyone; the figures are aggregates that passed the suppression rules."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from orders.impact.melas import mela_totals
from orders.impact.report import (
    COLUMN_TITLES,
    OTHER_LABEL,
    TITLES,
    UNKNOWN_CRAFT,
    PublishedBreakdown,
    mela_lines_of,
    published_impact,
    rows_of,
    rupee_shares,
)
from orders.impact.workshops import workshop_breakdowns


def _sections(breakdowns: list[PublishedBreakdown], prefix: str = "", **rows_options) -> list:
    return [
        {
            "slug": f"{prefix}{breakdown.dimension}",
            "title": TITLES[breakdown.dimension],
            "column": COLUMN_TITLES[breakdown.dimension],
            "withheld": breakdown.withheld,
            "rows": rows_of(breakdown, **rows_options),
        }
        for breakdown in breakdowns
    ]


@require_safe
def impact(request):
    report = published_impact()
    context = {
        "total": report.total,
        "shares": rupee_shares(report.total) if report.total else [],
        "sections": _sections(report.breakdowns),
        "paid_total": report.paid_total,
        "paid_sections": _sections(
            report.paid_breakdowns, prefix="paid-", measure=lambda figures: figures.paid
        ),
        "mela_sections": [
            {
                "slug": f"melas-{breakdown.dimension}",
                "title": TITLES[breakdown.dimension],
                "column": COLUMN_TITLES[breakdown.dimension],
                "rows": mela_lines_of(breakdown),
            }
            for breakdown in report.melas
        ],
        "mela_total": mela_totals(report.melas),
        "workshops": workshop_breakdowns(str(OTHER_LABEL), str(UNKNOWN_CRAFT)),
        "has_makers": bool(report.total and report.total.makers),
    }
    return render(request, "orders/impact.html", context)
