"""/impact/: public, for anyone; the figures are aggregates that passed the suppression rules."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from orders.impact.melas import mela_totals
from orders.impact.report import OTHER_LABEL, UNKNOWN_CRAFT, published_impact, rupee_shares
from orders.impact.tables import mela_tables, paid_tables, sales_tables
from orders.impact.workshops import workshop_breakdowns


@require_safe
def impact(request):
    report = published_impact()
    has_makers = bool(report.total and report.total.makers)
    context = {
        "total": report.total,
        "shares": rupee_shares(report.total) if report.total else [],
        "sections": sales_tables(report.breakdowns, has_makers=has_makers),
        "paid_total": report.paid_total,
        "paid_sections": paid_tables(report.paid_breakdowns),
        "mela_total": mela_totals(report.melas),
        "mela_sections": mela_tables(report.melas),
        "workshops": workshop_breakdowns(str(OTHER_LABEL), str(UNKNOWN_CRAFT)),
        "has_makers": has_makers,
    }
    return render(request, "orders/impact.html", context)
