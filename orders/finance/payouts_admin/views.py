"""Finance's payouts in the Wagtail admin: building payouts, the manual export (CSV) and one
payout's page with mark paid, mark failed and retry (the listing: listing.py).

Only users with orders.manage_payouts get anywhere: the listing and the bulk actions refuse
everyone else, and a payout is found only through payouts_for_user (anyone else: a 404).
Every write is a service call; a PayoutError is the message shown to finance.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marketplace.csv_export import csv_download
from marketplace.money import format_pkr, to_money
from orders.finance.payout_runs import payouts_run
from orders.finance.payout_selectors import (
    manages_payouts,
    manual_payouts,
    payout_for_user,
    payout_retried_by,
)
from orders.finance.payouts import (
    PayoutError,
    payout_mark_failed,
    payout_mark_paid,
    payout_retry,
    payouts_mark_processing,
)
from orders.finance.payouts_admin.forms import (
    EXPORT_ALL_PENDING,
    PayoutExportForm,
    PayoutMarkFailedForm,
    PayoutMarkPaidForm,
)
from orders.models import Payout, PayoutStatus


def _require_finance(request) -> None:
    if not manages_payouts(request.user):
        raise PermissionDenied


def _payout_or_404(request, payout_id: int) -> Payout:
    try:
        return payout_for_user(request.user, payout_id)
    except Payout.DoesNotExist:
        raise Http404(_("No payout has this number.")) from None


@require_POST
def payouts_run_view(request):
    _require_finance(request)
    run = payouts_run()
    parts = [
        ngettext("%(count)d payout built", "%(count)d payouts built", len(run.created))
        % {"count": len(run.created)},
        ngettext(
            "%(count)d group owed money could not be paid",
            "%(count)d groups owed money could not be paid",
            len(run.skipped),
        )
        % {"count": len(run.skipped)},
    ]
    if run.resent:
        parts.append(
            ngettext(
                "%(count)d Stripe payout sent again",
                "%(count)d Stripe payouts sent again",
                len(run.resent),
            )
            % {"count": len(run.resent)}
        )
    summary = "; ".join(parts) + "."
    if run.skipped:
        messages.warning(request, summary)
    else:
        messages.success(request, summary)
    return redirect("payouts")


def _export_csv(payouts: list[Payout]) -> HttpResponse:
    response, writer = csv_download(f"payouts-{timezone.localtime():%Y%m%d-%H%M}")
    writer.writerow(
        [
            _("Payout"),
            _("Producer group"),
            _("Method"),
            _("Account title"),
            _("Account number, IBAN or wallet number"),
            _("Bank name"),
            _("Amount (PKR)"),
            _("Created"),
        ]
    )
    for payout in payouts:
        writer.writerow(
            [
                payout.number,
                payout.producer_group.title,
                payout.get_method_display(),
                payout.account_title,
                payout.account_number,
                payout.bank_name,
                to_money(payout.amount),
                timezone.localtime(payout.created_at).strftime("%Y-%m-%d"),
            ]
        )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def payouts_export(request):
    """POST: mark the chosen manual payouts processing and download them as CSV.
    GET: download the manual payouts already processing again, changing nothing."""
    _require_finance(request)
    if request.method != "POST":
        processing = manual_payouts(request.user, status=PayoutStatus.PROCESSING)
        return _export_csv(list(processing.select_related("producer_group")))
    form = PayoutExportForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) or [_("Choose the payouts to export.")]:
            messages.error(request, error)
        return redirect("payouts")
    if form.cleaned_data["scope"] == EXPORT_ALL_PENDING:
        pending = manual_payouts(request.user, status=PayoutStatus.PENDING)
        payout_ids = list(pending.values_list("pk", flat=True))
    else:
        payout_ids = form.cleaned_data["payout"]
    payouts = payouts_mark_processing(payout_ids=payout_ids, by=request.user)
    if not payouts:
        messages.error(
            request, _("Nothing to export: none of these is a bank or wallet payout still open.")
        )
        return redirect("payouts")
    return _export_csv(payouts)


def _detail_response(request, payout: Payout, *, paid_form=None, failed_form=None, status=200):
    manual_open = payout.is_open and not payout.is_stripe
    return TemplateResponse(
        request,
        "orders/payouts/payout_detail.html",
        {
            "page_title": _("Payout %(number)s") % {"number": payout.number},
            "header_icon": "list-ol",
            "payout": payout,
            "entries": payout.ledger_entries.order_by("pk"),
            "retried_by": payout_retried_by(payout),
            "paid_form": (paid_form or PayoutMarkPaidForm()) if manual_open else None,
            "failed_form": (failed_form or PayoutMarkFailedForm()) if manual_open else None,
            "retryable": payout.status == PayoutStatus.FAILED,
        },
        status=status,
    )


@require_safe
def payout_detail(request, payout_id: int):
    return _detail_response(request, _payout_or_404(request, payout_id))


@require_POST
def payout_mark_paid_view(request, payout_id: int):
    payout = _payout_or_404(request, payout_id)
    form = PayoutMarkPaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The payout was not marked paid: see the errors below."))
        return _detail_response(request, payout, paid_form=form, status=400)
    try:
        payout = payout_mark_paid(
            payout_id=payout.pk, reference=form.cleaned_data["reference"], by=request.user
        )
    except PayoutError as error:
        messages.error(request, _("Not marked paid: %(reason)s") % {"reason": error})
    else:
        messages.success(
            request,
            _("Payout %(number)s is paid (reference %(reference)s).")
            % {"number": payout.number, "reference": payout.reference},
        )
    return redirect("payouts_detail", payout_id=payout.pk)


@require_POST
def payout_mark_failed_view(request, payout_id: int):
    payout = _payout_or_404(request, payout_id)
    form = PayoutMarkFailedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The payout was not marked failed: see the errors below."))
        return _detail_response(request, payout, failed_form=form, status=400)
    try:
        payout = payout_mark_failed(
            payout_id=payout.pk, reason=form.cleaned_data["reason"], by=request.user
        )
    except PayoutError as error:
        messages.error(request, _("Not marked failed: %(reason)s") % {"reason": error})
    else:
        messages.success(
            request,
            _("Payout %(number)s failed: %(amount)s is back in the group's available balance.")
            % {"number": payout.number, "amount": format_pkr(payout.amount)},
        )
    return redirect("payouts_detail", payout_id=payout.pk)


@require_POST
def payout_retry_view(request, payout_id: int):
    failed = _payout_or_404(request, payout_id)
    try:
        payout = payout_retry(payout_id=failed.pk, by=request.user)
    except PayoutError as error:
        messages.error(request, _("Not retried: %(reason)s") % {"reason": error})
        return redirect("payouts_detail", payout_id=failed.pk)
    messages.success(
        request,
        _("Payout %(number)s retries %(failed)s.")
        % {"number": payout.number, "failed": failed.number},
    )
    return redirect("payouts_detail", payout_id=payout.pk)
