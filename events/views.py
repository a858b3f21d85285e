"""Public mela views, served as routes of the mela pages (RoutablePageMixin): the day-by-day
schedule, calendar files, stall map, a stall's exhibitor, its QR code, and stall sales."""

from datetime import date

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events import ical
from events.forms import StallSaleForm
from events.models import MelaPage, Stall
from events.models.pages import mela_today
from events.selectors import (
    exhibitor_at_stall,
    groups_selling_at_mela,
    melas_public,
    melas_upcoming,
    schedule_for_day,
    schedule_items,
    stall_products,
    stall_sales_today,
)
from events.selectors import (
    stall_map as stall_map_layout,
)
from events.services import StallSaleError, stall_sale_record
from events.stall_sale_days import stall_sales_closed_reason


def _page_context(request, mela, **extra) -> dict:
    context = mela.get_context(request) if extra.pop("full_context", False) else {}
    context.update({"page": mela, "self": mela, "request": request})
    context.update(extra)
    return context


def mela_schedule(request, mela: MelaPage):
    """One day at a time (short on a phone), with links to every day of the mela."""
    day = mela.default_day()
    if requested := request.GET.get("day"):
        try:
            day = date.fromisoformat(requested)
        except ValueError:
            raise Http404 from None
        if day not in mela.days:
            raise Http404
    today = mela_today()
    days = [
        {
            "date": each,
            "is_today": each == today,
            "is_tomorrow": (each - today).days == 1,
            "current": each == day,
        }
        for each in mela.days
    ]
    return TemplateResponse(
        request,
        "events/mela_schedule.html",
        _page_context(
            request,
            mela,
            day=day,
            days=days,
            items=schedule_for_day(mela=mela, day=day),
            is_today=day == today,
            is_tomorrow=(day - today).days == 1,
        ),
    )


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _live_mela_or_404(slug: str) -> MelaPage:
    mela = melas_public().filter(slug=slug).first()
    if mela is None:
        raise Http404
    return mela


@require_safe
def mela_calendar(request, slug: str):
    """/melas/<slug>/calendar.ics: the mela and every item of its schedule."""
    mela = _live_mela_or_404(slug)
    content = ical.mela_calendar(
        mela=mela,
        items=schedule_items(mela=mela),
        mela_url=mela.get_full_url(request),
        schedule_url=mela.get_full_url(request) + "schedule/",
    )
    return _calendar_response(content, f"{mela.slug}.ics")


@require_safe
def upcoming_calendar(request):
    """/melas/calendar.ics: every upcoming mela."""
    melas = [(mela, mela.get_full_url(request)) for mela in melas_upcoming()]
    content = ical.upcoming_calendar(melas_with_urls=melas, name=_("Crafts melas"))
    return _calendar_response(content, "melas.ics")


def stall_map(request, mela: MelaPage):
    return TemplateResponse(
        request,
        "events/stall_map.html",
        _page_context(request, mela, **stall_map_layout(mela=mela)),
    )


def _stall_or_404(mela: MelaPage, number: str):
    try:
        return exhibitor_at_stall(mela=mela, number=number)
    except Stall.DoesNotExist:
        raise Http404 from None


def stall_exhibitor(request, mela: MelaPage, number: str):
    """Where a stall's QR code leads: the group at this stall and what it brought."""
    stall, application = _stall_or_404(mela, number)
    products = [] if application is None else list(stall_products(application=application))
    return TemplateResponse(
        request,
        "events/stall_exhibitor.html",
        _page_context(request, mela, stall=stall, application=application, products=products),
    )


@require_safe
def stall_qr(request, slug: str, number: str):
    """The QR code printed on a stall: it opens the stall's page (the group there)."""
    mela = _live_mela_or_404(slug)
    stall, _application = _stall_or_404(mela, number)
    url = mela.get_full_url(request) + f"stalls/{stall.number}/"
    svg = segno.make(url, error="m").svg_inline(scale=8, title=_("Stall %s") % stall.number)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response


def stall_sales(request, mela: MelaPage):
    """Phone-friendly: a group's staff record cash sales at their stall."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    groups = list(groups_selling_at_mela(user=request.user, mela=mela).order_by("title"))
    if not groups:
        raise PermissionDenied
    group = groups[0]
    if requested := request.GET.get("group") or request.POST.get("group"):
        chosen = next((each for each in groups if str(each.pk) == requested), None)
        if chosen is None:
            raise Http404
        group = chosen

    if request.method == "POST":
        form = StallSaleForm(request.POST, group=group)
        if form.is_valid():
            try:
                sale, created = stall_sale_record(
                    user=request.user,
                    mela=mela,
                    group=group,
                    variant_id=form.cleaned_data["variant"],
                    quantity=form.cleaned_data["quantity"],
                    unit_price=form.cleaned_data["unit_price"],
                    token=form.cleaned_data["token"],
                )
            except StallSaleError as error:
                form.add_error(None, str(error))
            else:
                if created:
                    messages.success(
                        request,
                        _("Sale recorded: %(quantity)s × %(item)s.")
                        % {"quantity": sale.quantity, "item": sale.variant.product.title},
                    )
                else:
                    messages.info(request, _("This sale was already recorded; nothing changed."))
                return redirect(f"{mela.url}stall-sales/?group={group.pk}")
    else:
        form = StallSaleForm(group=group)

    today = mela_today()
    response = TemplateResponse(
        request,
        "events/stall_sales.html",
        _page_context(
            request,
            mela,
            form=form,
            group=group,
            groups=groups,
            closed=stall_sales_closed_reason(mela=mela, day=today),
            today=stall_sales_today(mela=mela, group=group, day=today),
        ),
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
