"""/impact/: public, for anyone; the figures are aggregates that passed the suppression rules."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from orders.impact.report import (
    OTHER_LABEL,
    TITLES,
    UNKNOWN_CRAFT,
    published_impact,
    rows_of,
    rupee_shares,
)
from orders.impact.workshops import workshop_breakdowns


@require_safe
def impact(request):
    report = published_impact()
    sections = [
        {
            "slug": breakdown.dimension,
            "title": TITLES[breakdown.dimension],
            "withheld": breakdown.withheld,
            "rows": rows_of(breakdown),
        }
        for breakdown in report.breakdowns
    ]
    context = {
        "total": report.total,
        "shares": rupee_shares(report.total) if report.total else [],
        "sections": sections,
        "mela_years": report.mela_years,
        "workshops": workshop_breakdowns(str(OTHER_LABEL), str(UNKNOWN_CRAFT)),
        "has_makers": bool(report.total and report.total.makers),
    }
    return render(request, "orders/impact.html", context)
