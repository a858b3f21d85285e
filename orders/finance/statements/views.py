"""Statements of producer groups: entries with a running balance, CSV and a printable page
(the list of statements: listing.py).

A group is found only through statement_groups_for_user: another group's statement is a 404.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalog.models import ProducerGroupPage
from marketplace.csv_export import csv_download
from marketplace.money import to_money
from marketplace.templatetags.bidi import interpolate_isolated
from orders.finance.ledger_selectors import (
    awaits_courier_cash,
    group_balance,
    mela_cash,
    opening_balance,
    rows_newest_first,
    rows_oldest_first,
    statement_entries,
    statement_groups_for_user,
)
from orders.finance.payout_selectors import manages_payouts, payouts_for_group
from orders.finance.statements.forms import StatementPeriodForm
from orders.selectors import manages_all_orders

PER_PAGE = 50
PAYOUTS_SHOWN = 10


def _group_or_404(request, group_id: int) -> ProducerGroupPage:
    try:
        return statement_groups_for_user(request.user).get(pk=group_id)
    except ProducerGroupPage.DoesNotExist:
        raise Http404(_("No statement here.")) from None


def _period(request):
    form = StatementPeriodForm(request.GET or None)
    start, end = form.period_bounds()
    query = request.GET.copy()
    query.pop("p", None)
    return form, start, end, query.urlencode()


@require_safe
def statement_detail(request, group_id: int):
    group = _group_or_404(request, group_id)
    form, start, end, period_query = _period(request)
    entries = statement_entries(group, start=start, end=end).select_related("payout")
    page = Paginator(entries.order_by("-pk"), PER_PAGE).get_page(request.GET.get("p"))
    all_payouts = request.GET.get("payouts") == "all"
    group_payouts = payouts_for_group(group)
    payouts = list(group_payouts if all_payouts else group_payouts[: PAYOUTS_SHOWN + 1])
    more_payouts = not all_payouts and len(payouts) > PAYOUTS_SHOWN
    payouts = payouts[:PAYOUTS_SHOWN] if more_payouts else payouts
    return TemplateResponse(
        request,
        "orders/statements/statement.html",
        {
            "page_title": interpolate_isolated(_("Statement: %(group)s"), group=group.title),
            "header_icon": "doc-full",
            "group": group,
            "balance": group_balance(group),
            "mela_cash": mela_cash(group),
            "form": form,
            "period_query": period_query,
            "entries": page,
            "elided_page_range": page.paginator.get_elided_page_range(page.number),
            "rows": rows_newest_first(group, list(page.object_list)),
            "platform": manages_all_orders(request.user),
            "hold_days": settings.LEDGER_HOLD_DAYS,
            "upcoming_payouts": [payout for payout in payouts if payout.is_open],
            "past_payouts": [payout for payout in payouts if not payout.is_open],
            "more_payouts": more_payouts,
            "manages_payouts": manages_payouts(request.user),
            "payout_minimum": settings.PAYOUT_MINIMUM,
        },
    )


def _statement_rows(group, start, end):
    opening = opening_balance(group, start=start)
    entries = statement_entries(group, start=start, end=end).select_related("payout")
    rows = rows_oldest_first(entries, opening=opening)
    closing = rows[-1].balance_after if rows else opening
    return opening, rows, closing


def _entry_reference(entry) -> str:
    """The order an entry belongs to, or for a payout entry the payout's number."""
    if entry.sub_order_id:
        return entry.sub_order.order.number
    if entry.payout_id:
        return entry.payout.number
    return ""


def _available_text(entry) -> str:
    if entry.available_from:
        return timezone.localtime(entry.available_from).strftime("%Y-%m-%d")
    if awaits_courier_cash(entry):
        return _("when the courier remits the cash")
    return _("after delivery")


@require_safe
def statement_csv(request, group_id: int):
    group = _group_or_404(request, group_id)
    form, start, end, _query = _period(request)
    opening, rows, closing = _statement_rows(group, start, end)
    name = f"statement-{group.slug}"
    if form.is_valid():
        for key in ("date_from", "date_to"):
            if form.cleaned_data[key]:
                name += f"-{form.cleaned_data[key]:%Y%m%d}"
    response, writer = csv_download(name)
    writer.writerow(
        [
            _("Date"),
            _("Order"),
            _("Kind"),
            _("Reason"),
            _("Amount (PKR)"),
            _("Balance (PKR)"),
            _("Available from"),
        ]
    )
    writer.writerow(["", "", _("Opening balance"), "", "", to_money(opening), ""])
    for row in rows:
        entry = row.entry
        writer.writerow(
            [
                timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M"),
                _entry_reference(entry),
                entry.get_kind_display(),
                entry.get_cause_display(),
                to_money(entry.amount),
                to_money(row.balance_after),
                _available_text(entry),
            ]
        )
    writer.writerow(["", "", _("Closing balance"), "", "", to_money(closing), ""])
    owed = group_balance(group).owed
    if owed:
        # Today's debt, whatever the period: the same positive figure the statement shows.
        writer.writerow(["", "", _("Owed to the platform now"), "", "", to_money(owed), ""])
    return response


@require_safe
def statement_printable(request, group_id: int):
    group = _group_or_404(request, group_id)
    form, start, end, period_query = _period(request)
    opening, rows, closing = _statement_rows(group, start, end)
    return TemplateResponse(
        request,
        "orders/statements/printable.html",
        {
            "group": group,
            "form": form,
            "start": start,
            "end_inclusive": form.cleaned_data.get("date_to") if form.is_valid() else None,
            "opening": opening,
            "rows": rows,
            "closing": closing,
            "balance": group_balance(group),
            "period_query": period_query,
            "printed_at": timezone.now(),
            "platform": manages_all_orders(request.user),
            "payout_minimum": settings.PAYOUT_MINIMUM,
        },
    )
