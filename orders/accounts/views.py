"""Buyer accounts: sign-up, order history and saved addresses (log-in, log-out and password
reset are Django's own views, wired in orders/urls.py). Nothing here is cached: the page cache
skips /account/ paths, and every page varies on the session cookie."""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from orders.accounts.addresses import (
    ADDRESS_FIELDS,
    AddressLimitError,
    saved_address_create,
    saved_address_delete,
    saved_address_remember,
    saved_address_update,
)
from orders.accounts.buyer_accounts import buyer_sign_up
from orders.accounts.forms import SavedAddressForm, SignUpForm
from orders.checkout.placement import BuyerDetails
from orders.models import SavedAddress
from orders.selectors import orders_of_buyer, saved_addresses_of

ORDERS_PER_PAGE = 10


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_safe
@never_cache
def account_home(request):
    """The header's one "Account" link: the same on cached pages whoever looks at them."""
    if request.user.is_authenticated:
        return redirect("account_orders")
    return redirect(f"{reverse(settings.LOGIN_URL)}?next={reverse('account_orders')}")


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def sign_up(request):
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "account_orders")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = buyer_sign_up(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            language=get_language(),
        )
        # login() keeps the session's data (the cart) and gives it a new key. The backend is
        # named because the login-throttling backend (django-axes) comes first in the list.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome, %(name)s. Your account is ready.") % {"name": user})
        if form.cleaned_data["email"]:
            # The same words whether or not the address already had an account.
            messages.info(request, _("We have sent a message to the email address you gave."))
        return redirect(next_url or "account_orders")
    return render(request, "registration/sign_up.html", {"form": form, "next": next_url})


@require_safe
@never_cache
@login_required
def order_history(request):
    orders = orders_of_buyer(request.user).order_by("-created_at", "-pk")
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "orders/account/order_history.html", {"page_obj": page})


@require_safe
@never_cache
@login_required
def address_list(request):
    return render(
        request,
        "orders/account/address_list.html",
        {"addresses": saved_addresses_of(request.user)},
    )


def _own_address(request, address_id: int) -> SavedAddress:
    try:
        return saved_addresses_of(request.user).get(pk=address_id)
    except SavedAddress.DoesNotExist:
        raise Http404(_("No such address.")) from None


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def address_edit(request, address_id: int | None = None):
    address = _own_address(request, address_id) if address_id is not None else None
    form = SavedAddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        try:
            if address is None:
                saved_address_create(buyer=request.user, **form.cleaned_data)
            else:
                saved_address_update(buyer=request.user, address_id=address.pk, **form.cleaned_data)
        except AddressLimitError:
            messages.error(request, _("You have saved as many addresses as you can."))
            return redirect("account_addresses")
        except SavedAddress.DoesNotExist:
            raise Http404(_("No such address.")) from None
        messages.success(request, _("Address saved."))
        return redirect("account_addresses")
    return render(request, "orders/account/address_form.html", {"form": form, "address": address})


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def address_delete(request, address_id: int):
    address = _own_address(request, address_id)
    if request.method == "POST":
        # Deleted in another tab meanwhile: the result is the same.
        with contextlib.suppress(SavedAddress.DoesNotExist):
            saved_address_delete(buyer=request.user, address_id=address.pk)
        messages.success(request, _("Address deleted."))
        return redirect("account_addresses")
    return render(request, "orders/account/address_confirm_delete.html", {"address": address})


# --- Checkout with a saved address (called by orders.checkout.views.checkout) ---------------------


def checkout_address_choice(request) -> tuple[list[SavedAddress], SavedAddress | None, dict]:
    """The buyer's saved addresses, the one chosen (`?address=<id>`, else the first) and the
    checkout form's initial values from it. Guests get nothing."""
    if not request.user.is_authenticated:
        return [], None, {}
    addresses = list(saved_addresses_of(request.user))
    initial = {"contact_email": request.user.email, "save_address": not addresses}
    wanted = request.GET.get("address", "")
    chosen = next((a for a in addresses if str(a.pk) == wanted), None)
    if chosen is None and addresses and wanted != "new":
        chosen = addresses[0]
    if chosen is not None:
        initial.update({name: getattr(chosen, name) for name in ADDRESS_FIELDS})
    return addresses, chosen, initial


def checkout_address_remember(request, details: BuyerDetails) -> None:
    """ "Save this address" ticked at checkout: best effort, the order is already placed."""
    try:
        saved_address_remember(buyer=request.user, details=details)
    except AddressLimitError:
        messages.info(request, _("Your address book is full, so this address was not saved."))
