"""Platform staff's part of the order desk: a whole order with every group's sub-order,
cancelling and refunding it, and deciding on a transfer (its listing: listings.py).

An order is visible only through orders_managed_by (orders.manage_all_orders), a transfer only
through transfers_awaiting_verification (orders.verify_transfers): anything else is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from orders.desk.access import (
    orders_managed_by,
    transfers_awaiting_verification,
)
from orders.desk.forms import (
    OrderCancelForm,
    OrderRefundForm,
    RefundSentForm,
    TransferDecisionForm,
)
from orders.desk.services import order_cancel_by_staff
from orders.desk.sub_orders import history_rows
from orders.lifecycle.orders import CANCELLABLE
from orders.lifecycle.payments import transfer_verify
from orders.lifecycle.tables import OrderStateError
from orders.models import Order, Payment, PaymentMethod, PaymentStatus
from orders.payments.refunds import RefundError, order_refund


def _order_or_404(request, order_id: int) -> Order:
    try:
        return orders_managed_by(request.user).get(pk=order_id)
    except Order.DoesNotExist:
        raise Http404(_("No order has this number.")) from None


def _order_response(request, order: Order, cancel_form=None, refund_form=None, status=200):
    refundable = (
        order.payment_method == PaymentMethod.CARD and order.payment_status == PaymentStatus.PAID
    )
    return TemplateResponse(
        request,
        "orders/admin/order_detail.html",
        {
            "page_title": _("Order %(number)s") % {"number": order.number},
            "header_icon": "list-ul",
            "order": order,
            "sub_orders": order.sub_orders.prefetch_related("lines"),
            "payments": order.payments.all(),
            "refunds": order.refunds.select_related("sub_order"),
            "refund_sent_form": RefundSentForm(),
            "history": history_rows(order.history.select_related("changed_by", "sub_order")),
            "cancel_form": (cancel_form or OrderCancelForm())
            if order.status in CANCELLABLE
            else None,
            "refund_form": (refund_form or OrderRefundForm()) if refundable else None,
        },
        status=status,
    )


@require_safe
def order_detail(request, order_id: int):
    return _order_response(request, _order_or_404(request, order_id))


@require_POST
def order_cancel_view(request, order_id: int):
    order = _order_or_404(request, order_id)
    form = OrderCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The order was not cancelled: give a reason."))
        return _order_response(request, order, cancel_form=form, status=400)
    try:
        order = order_cancel_by_staff(
            order_id=order.pk, by=request.user, reason=form.cleaned_data["reason"]
        )
    except OrderStateError as error:
        messages.error(
            request,
            _("Order %(number)s cannot be cancelled now (%(state)s).")
            % {"number": order.number, "state": error},
        )
    else:
        messages.success(
            request,
            _("Order %(number)s is cancelled and its stock is back on sale.")
            % {"number": order.number},
        )
    return redirect("orders_desk_order", order_id=order.pk)


@require_POST
def order_refund_view(request, order_id: int):
    order = _order_or_404(request, order_id)
    form = OrderRefundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was refunded: see the errors below."))
        return _order_response(request, order, refund_form=form, status=400)
    try:
        order = order_refund(order_id=order.pk, by=request.user, amount=form.cleaned_data["amount"])
    except RefundError as error:
        messages.error(request, _("Nothing was refunded: %(reason)s") % {"reason": error})
    else:
        messages.success(
            request, _("The refund for order %(number)s was sent.") % {"number": order.number}
        )
    return redirect("orders_desk_order", order_id=order.pk)


@require_POST
def transfer_verify_view(request, payment_id: int):
    try:
        payment = transfers_awaiting_verification(request.user).get(pk=payment_id)
    except Payment.DoesNotExist:
        raise Http404(_("No transfer awaiting verification has this number.")) from None
    form = TransferDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the money arrived."))
        return redirect("orders_desk_transfers")
    try:
        order = transfer_verify(
            payment_id=payment.pk,
            by=request.user,
            approve=form.approve,
            note=form.cleaned_data["note"],
        )
    except PermissionError:
        raise PermissionDenied from None
    if form.approve:
        message = _("Order %(number)s is paid: its producer groups can ship it now.")
    else:
        message = _("The transfer for order %(number)s was rejected; the buyer can send another.")
    messages.success(request, message % {"number": order.number})
    return redirect("orders_desk_transfers")
