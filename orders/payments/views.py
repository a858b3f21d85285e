"""Where Stripe sends the buyer back. These pages show the order; they never mark it paid."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from orders.models import Order, PaymentStatus
from orders.payments.card_payments import (
    CardPaymentError,
    card_checkout_start,
    card_payment_is_open,
)
from orders.selectors import order_for_access_link


def _order_or_404(number: str, token: str) -> Order:
    try:
        return order_for_access_link(number=number, token=token)
    except Order.DoesNotExist:
        raise Http404(_("No order matches this link.")) from None


@require_safe
@never_cache
def stripe_return(request, number: str, token: str):
    """Stripe's success_url: only the webhook decides whether the order is paid."""
    order = _order_or_404(number, token)
    return render(
        request,
        "orders/payment_return.html",
        {
            "order": order,
            "cancelled": False,
            "paid": order.payment_status in (PaymentStatus.PAID, PaymentStatus.REFUNDED),
            "can_retry": False,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def stripe_cancel(request, number: str, token: str):
    """Stripe's cancel_url, and the "try again" button, which opens a new Checkout Session."""
    order = _order_or_404(number, token)
    if request.method == "POST":
        try:
            return redirect(card_checkout_start(order=order, request=request, new_session=True))
        except CardPaymentError as error:
            messages.error(request, str(error))
            return redirect(order.get_absolute_url())
    return render(
        request,
        "orders/payment_return.html",
        {
            "order": order,
            "cancelled": True,
            "paid": order.payment_status in (PaymentStatus.PAID, PaymentStatus.REFUNDED),
            "can_retry": card_payment_is_open(order),
        },
    )
