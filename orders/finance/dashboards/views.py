"""The finance dashboard: tables of the ledger's figures for a date range, each beside its
chart (an SVG served by finance_chart, shown in an <img>). Finance only: anyone else gets a
403 here, and an empty ledger from the selectors anyway."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from marketplace.charts import bar_chart_svg, svg_response
from marketplace.date_range import DateRangeForm
from orders.finance.dashboards import selectors
from orders.finance.dashboards.charts import FINANCE_CHARTS
from orders.finance.dashboards.sales_export import SALES_EXPORT
from orders.finance.maker_earnings_export import MAKER_EARNINGS_EXPORT


def _finance_only(request) -> None:
    if not selectors.sees_finance_dashboards(request.user):
        raise PermissionDenied


@require_safe
def finance_dashboard(request):
    _finance_only(request)
    form = DateRangeForm(request.GET or None)
    period = form.period()
    user = request.user
    groups = selectors.finance_by_group(user=user, period=period)
    return TemplateResponse(
        request,
        "orders/finance/dashboard.html",
        {
            "page_title": _("Finance dashboard"),
            "header_icon": "table",
            "form": form,
            "query": request.GET.urlencode() if form.is_valid() else "",
            "totals": selectors.finance_totals(user=user, period=period),
            "months": selectors.finance_by_month(user=user, period=period),
            "groups": groups,
            "districts": selectors.finance_by_district(groups),
            "crafts": selectors.finance_by_craft(user=user, period=period),
            "exports": [SALES_EXPORT, MAKER_EARNINGS_EXPORT],
        },
    )


@require_safe
def finance_chart(request, chart: str):
    _finance_only(request)
    try:
        build = FINANCE_CHARTS[chart]
    except KeyError:
        raise Http404 from None
    spec = build(request.user, DateRangeForm(request.GET or None).period())
    return svg_response(
        bar_chart_svg(
            title=spec.title, labels=spec.labels, series=spec.series, horizontal=spec.horizontal
        )
    )
