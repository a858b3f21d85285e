"""The organisers' mela dashboard: sales by day, group and channel, visitors and stalls filled,
each table beside its chart (an SVG from mela_dashboard_chart in an <img>). A mela the user does
not organise is a 404 (events.selectors.melas_organised_by)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.dashboard_selectors import MelaDashboard, mela_dashboard
from events.models import MelaPage
from events.selectors import melas_organised_by
from marketplace.charts import bar_chart_svg, svg_response
from marketplace.date_range import DateRangeForm


def _mela_or_404(user, mela_id: int) -> MelaPage:
    try:
        return melas_organised_by(user).get(pk=mela_id)
    except MelaPage.DoesNotExist:
        raise Http404(_("No mela you organise has this number.")) from None


def _dashboard(request, mela: MelaPage) -> tuple[DateRangeForm, MelaDashboard]:
    form = DateRangeForm(request.GET or None)
    first = last = None
    if form.is_valid():
        first, last = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    return form, mela_dashboard(mela=mela, first=first, last=last)


@require_safe
def mela_dashboard_view(request, mela_id: int):
    mela = _mela_or_404(request.user, mela_id)
    form, dashboard = _dashboard(request, mela)
    return TemplateResponse(
        request,
        "events/admin/mela_dashboard.html",
        {
            "page_title": _("Mela dashboard"),
            "header_icon": "table",
            "mela": mela,
            "form": form,
            "query": request.GET.urlencode() if form.is_valid() else "",
            "dashboard": dashboard,
            "has_visitors": any(row.visitors is not None for row in dashboard.days),
        },
    )


def _channel_series(rows) -> list[tuple[str, list]]:
    return [
        (_("Online"), [row.online for row in rows]),
        (_("At the stall"), [row.stall for row in rows]),
        (_("Collected at the stall"), [row.collect for row in rows]),
    ]


@require_safe
def mela_dashboard_chart(request, mela_id: int, chart: str):
    mela = _mela_or_404(request.user, mela_id)
    _form, dashboard = _dashboard(request, mela)
    if chart == "days":
        svg = bar_chart_svg(
            title=_("Sales by day and channel (PKR)"),
            labels=[date_format(row.day, "D j M") for row in dashboard.days],
            series=_channel_series(dashboard.days),
            stacked=True,
        )
    elif chart == "groups":
        svg = bar_chart_svg(
            title=_("Sales by producer group and channel (PKR)"),
            labels=[row.title for row in dashboard.groups],
            series=_channel_series(dashboard.groups),
            horizontal=True,
            stacked=True,
        )
    elif chart == "visitors":
        svg = bar_chart_svg(
            title=_("Visitors by day"),
            labels=[date_format(row.day, "D j M") for row in dashboard.days],
            series=[(_("Visitors"), [row.visitors for row in dashboard.days])],
        )
    else:
        raise Http404
    return svg_response(svg)
