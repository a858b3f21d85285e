"""Ending one sub-order from the order desk (decline, cancel, return) and sending refunds.

The services decide who may do what (a group declines its own parts; finance cancels and
records returns and refunds); these views only show the result.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orders import stripe_api
from orders.desk.access import orders_managed_by
from orders.desk.forms import RefundSentForm, SubOrderCloseForm, SubOrderReturnForm
from orders.desk.sub_orders import _sub_order_or_404
from orders.lifecycle.sub_orders import sub_order_cancel, sub_order_decline, sub_order_return
from orders.lifecycle.tables import OrderStateError
from orders.models import Refund, SubOrder
from orders.payments.refunds import RefundError, refund_mark_sent, refund_send


def _back(sub_order: SubOrder):
    return redirect("orders_desk_sub_order", sub_order_id=sub_order.pk)


def _close(request, sub_order_id: int, form_class, action, done_message):
    sub_order = _sub_order_or_404(request, sub_order_id)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: give a reason."))
        return _back(sub_order)
    try:
        action(sub_order, **form.cleaned_data)
    except PermissionDenied:
        raise
    except (OrderStateError, SubOrder.DoesNotExist) as error:
        messages.error(request, str(error) or _("The sub-order was not changed."))
        return _back(sub_order)
    messages.success(request, done_message % {"number": sub_order.order.number})
    return _back(sub_order)


@require_POST
def sub_order_decline_view(request, sub_order_id: int):
    return _close(
        request,
        sub_order_id,
        SubOrderCloseForm,
        lambda so, reason: sub_order_decline(user=request.user, sub_order_id=so.pk, reason=reason),
        _("Order %(number)s is declined; the buyer has been told."),
    )


@require_POST
def sub_order_cancel_view(request, sub_order_id: int):
    return _close(
        request,
        sub_order_id,
        SubOrderCloseForm,
        lambda so, reason: sub_order_cancel(by=request.user, sub_order_id=so.pk, reason=reason),
        _("This part of order %(number)s is cancelled; the buyer and the group have been told."),
    )


@require_POST
def sub_order_return_view(request, sub_order_id: int):
    return _close(
        request,
        sub_order_id,
        SubOrderReturnForm,
        lambda so, reason, restock: sub_order_return(
            by=request.user, sub_order_id=so.pk, reason=reason, restock=restock
        ),
        _("The return of order %(number)s is recorded."),
    )


@require_POST
def refund_sent_view(request, refund_id: int):
    """Finance records an owed transfer refund as sent, or sends an owed card refund again."""
    refund = (
        Refund.objects.filter(order__in=orders_managed_by(request.user))
        .filter(pk=refund_id)
        .select_related("order")
        .first()
    )
    if refund is None:
        raise PermissionDenied
    form = RefundSentForm(request.POST)
    try:
        if refund.channel == "card":
            refund_send(refund_id=refund.pk)
        elif form.is_valid():
            refund_mark_sent(
                refund_id=refund.pk, by=request.user, reference=form.cleaned_data["reference"]
            )
        else:
            raise RefundError(_("Enter the bank or wallet reference of the refund."))
    except stripe_api.StripeUnavailable as error:
        messages.error(request, _("Stripe did not make the refund: %(reason)s") % {"reason": error})
    except RefundError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The refund is recorded as sent; the buyer has been told."))
    return redirect("orders_desk_order", order_id=refund.order_id)
