"""Cart, checkout and order pages for buyers. Thin: forms validate, services decide."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events.selectors import groups_collecting_at_upcoming_melas_cached
from marketplace.market_signals import signals_attach
from orders.accounts.views import checkout_address_choice, checkout_address_remember
from orders.checkout.cart import Cart, CartError
from orders.checkout.cart_service import cart_add, cart_set_quantity
from orders.checkout.forms import CartAddForm, CartUpdateForm, CheckoutForm, TransferReferenceForm
from orders.checkout.origin import same_origin_post
from orders.checkout.placement import BuyerDetails, CheckoutError, order_place
from orders.checkout.tokens import checkout_token_for_form, checkout_token_valid
from orders.lifecycle.orders import order_cancel_by_buyer, order_is_cancellable_by_buyer
from orders.lifecycle.payments import order_amount_due, transfer_reference_submit
from orders.lifecycle.tables import OrderStateError
from orders.models import FulfilmentMethod, Order, PaymentMethod
from orders.payments.card_payments import CardPaymentError, card_checkout_start
from orders.selectors import order_for_access_link


def card_payments_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def collect_at_mela_enabled(groups) -> bool:
    """Collecting at a mela stall is offered when every group in the cart has a stall at an
    upcoming mela."""
    points = groups_collecting_at_upcoming_melas_cached()
    return bool(groups) and all(group.producer_group.pk in points for group in groups)


@require_safe
@never_cache
def cart_detail(request):
    cart = Cart(request.session)
    groups = cart.groups()
    items_total = sum((group.items_total for group in groups), 0)
    delivery_total = sum((group.delivery_charge for group in groups), 0)
    return render(
        request,
        "orders/cart.html",
        {
            "groups": groups,
            "items_total": items_total,
            "delivery_total": delivery_total,
            "grand_total": items_total + delivery_total,
            "has_problems": any(line.problem for group in groups for line in group.lines),
        },
    )


# Read by a few lines of script in the header to show "Cart (n)": the header itself stays the
# same for everyone, so the pages that carry it stay in the page cache.
CART_COUNT_COOKIE = "cart_items"


def remember_cart_count(response, cart: Cart):
    """Set (or clear) the cookie the header's cart count is filled from."""
    if len(cart):
        response.set_cookie(
            CART_COUNT_COOKIE,
            str(len(cart)),
            max_age=settings.SESSION_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(CART_COUNT_COOKIE, samesite="Lax")
    return response


def _back_where_the_buyer_was(request) -> str:
    """The page "Add to cart" was pressed on (its form says which; else the Referer, which the
    same-origin check has vouched for), or the cart when neither is a page of this site."""
    for target in (request.POST.get("next", ""), request.headers.get("Referer", "")):
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
    return reverse("cart_detail")


@require_POST
@same_origin_post
@never_cache
def cart_add_view(request):
    """Adds to the cart and sends the buyer back to the page they were on, so a second item
    does not mean finding their place in the shop again."""
    back = _back_where_the_buyer_was(request)
    form = CartAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity between 1 and 99."))
        return redirect(back)
    cart = Cart(request.session)
    try:
        variant = cart_add(
            cart=cart,
            variant_id=form.cleaned_data["variant"],
            quantity=form.cleaned_data["quantity"],
        )
    except CartError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(
        request,
        _("%(title)s is in your cart.") % {"title": variant.product.title},
        extra_tags="cart-added",
    )
    response = signals_attach(redirect(back), cart=variant.product_id)  # market information
    return remember_cart_count(response, cart)


@require_POST
@never_cache
def cart_update_view(request):
    form = CartUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity between 0 and 99."))
        return redirect("cart_detail")
    cart = Cart(request.session)
    try:
        cart_set_quantity(
            cart=cart,
            variant_id=form.cleaned_data["variant"],
            quantity=form.cleaned_data["quantity"],
        )
    except CartError as error:
        messages.error(request, str(error))
    return remember_cart_count(redirect("cart_detail"), cart)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def checkout(request):
    cart = Cart(request.session)
    posted = request.POST if request.method == "POST" else None
    # Placing an order reads the cart again itself, under its stock locks: the cart's lines and
    # the melas are read here only for showing the page, or when the buyer asks to collect.
    placing = posted is not None and posted.get("fulfilment") != FulfilmentMethod.COLLECT_AT_MELA
    groups = None if placing else cart.groups()
    if not cart or groups == []:
        return _cart_is_empty(request)
    saved_addresses, chosen_address, initial = checkout_address_choice(request)
    form = CheckoutForm(
        posted,
        initial=initial,
        card_enabled=card_payments_enabled(),
        collect_enabled=groups is not None and collect_at_mela_enabled(groups),
        can_save_address=request.user.is_authenticated,
        token_valid=partial(checkout_token_valid, request.session),
    )
    if posted is None:
        form.fields["checkout_token"].initial = checkout_token_for_form(request.session)
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        details = BuyerDetails(
            **{name: data.get(name) or "" for name in BuyerDetails.__dataclass_fields__}
        )
        try:
            order = order_place(
                cart=cart,
                buyer=request.user,
                details=details,
                payment_method=data["payment_method"],
                fulfilment=data["fulfilment"],
                checkout_token=data["checkout_token"],
            )
        except CheckoutError as error:
            messages.error(request, str(error))
            return redirect("cart_detail")
        if data.get("save_address") and order.fulfilment == FulfilmentMethod.SHIP:
            checkout_address_remember(request, details)
        if order.payment_method == PaymentMethod.CARD and card_payments_enabled():
            try:
                return remember_cart_count(
                    redirect(card_checkout_start(order=order, request=request)), cart
                )
            except CardPaymentError as error:  # Stripe unreachable: the order is kept
                messages.error(request, str(error))
                return remember_cart_count(
                    redirect("stripe_cancel", order.number, order.access_token), cart
                )
        messages.success(
            request, _("Thank you: your order %(number)s is placed.") % {"number": order.number}
        )
        return remember_cart_count(redirect(order.get_absolute_url()), cart)
    if "checkout_token" in form.errors:
        # Expired, or issued to another session: shown again with a token of this session's.
        form.data = form.data.copy()
        form.data["checkout_token"] = checkout_token_for_form(request.session)
    if groups is None:  # a form with mistakes is shown again, with the cart and its options
        groups = cart.groups()
        if not groups:
            return _cart_is_empty(request)
        form.offer_collection(collect_at_mela_enabled(groups))
    items_total = sum((group.items_total for group in groups), 0)
    delivery_total = sum((group.delivery_charge for group in groups), 0)
    grand_total = items_total + delivery_total
    return render(
        request,
        "orders/checkout.html",
        {
            "form": form,
            "groups": groups,
            "items_total": items_total,
            "delivery_total": delivery_total,
            "grand_total": grand_total,
            "cart_count": len(cart),
            "saved_addresses": saved_addresses,
            "chosen_address": chosen_address,
            # Shown twice (folded above the form on phones, beside it on wide screens).
            "summary_html": render_to_string(
                "orders/_checkout_summary.html", {"groups": groups, "grand_total": grand_total}
            ),
            "fields_html": _blank_checkout_fields(form) if not saved_addresses else None,
        },
    )


# The checkout form's fields as every guest first sees them (unbound, nothing filled in), by
# language and by the fields and choices offered: their HTML depends on nothing else, so it is
# rendered once per process. The form was about half of the page's render, which was the
# largest part of an order's server time. A form with values or errors is rendered each time.
_BLANK_FIELDS_HTML: dict[tuple, str] = {}
_BLANK_FIELDS_MAX = 64  # languages x choices offered: a handful in practice


def _blank_checkout_fields(form: CheckoutForm) -> str | None:
    if form.is_bound or form.initial:
        return None
    key = (
        get_language(),
        tuple(
            (name, tuple(value for value, _label in getattr(field, "choices", ())), field.initial)
            for name, field in form.fields.items()
            if name != "checkout_token"  # the hidden token is new on every page
        ),
    )
    html = _BLANK_FIELDS_HTML.get(key)
    if html is None:
        html = render_to_string("orders/_checkout_fields.html", {"form": form})
        if len(_BLANK_FIELDS_HTML) < _BLANK_FIELDS_MAX:
            _BLANK_FIELDS_HTML[key] = html
    return html


def _cart_is_empty(request):
    messages.info(request, _("Your cart is empty."))
    return redirect("cart_detail")


def _order_or_404(number: str, token: str) -> Order:
    try:
        return order_for_access_link(number=number, token=token)
    except Order.DoesNotExist:
        raise Http404(_("No order matches this link.")) from None


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def order_detail(request, number: str, token: str):
    order = _order_or_404(number, token)
    form = TransferReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer_reference_submit(order_id=order.pk, **form.cleaned_data)
            messages.success(request, _("Thank you. We will confirm your payment shortly."))
        except OrderStateError as error:
            messages.error(request, str(error))
        return redirect(order.get_absolute_url())
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            # The total, or a trade order's advance and then its balance.
            "amount_due": order_amount_due(order),
            "transfer_form": form,
            "transfer_accounts": settings.TRANSFER_ACCOUNTS,
            "buyer_may_cancel": order_is_cancellable_by_buyer(order),
        },
    )


@require_POST
def order_cancel(request, number: str, token: str):
    """The buyer cancels their own order from its page (before anyone has started on it)."""
    order = _order_or_404(number, token)
    try:
        order_cancel_by_buyer(order_id=order.pk)
        messages.success(request, _("Your order is cancelled. Nothing more will be charged."))
    except OrderStateError as error:
        messages.error(request, str(error))
    return redirect(order.get_absolute_url())


@require_safe
@never_cache
def order_receipt(request, number: str, token: str):
    return render(request, "orders/receipt.html", {"order": _order_or_404(number, token)})
