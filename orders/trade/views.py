"""The trade buyer's pages: ask for a quote, confirm with the code, read and accept quotes.

Thin: the forms check the fields, orders.trade.limits the rate, the services do the rest.
The enquiry's page is reached only by its private token and never cached.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog.models import ProducerGroupPage
from catalog.selectors import producer_group_directory
from orders.payments.card_payments import (
    CardPaymentError,
    card_checkout_start,
    card_payment_is_open,
)
from orders.trade.enquiries import (
    EnquiryDetails,
    EnquiryError,
    EnquiryItemDraft,
    enquiry_confirm,
    enquiry_submit,
)
from orders.trade.forms import AcceptForm, ConfirmationForm, EnquiryForm, EnquiryItemFormSet
from orders.trade.limits import EnquiryRateLimited, enquiry_rate_check
from orders.trade.models import TradeEnquiry
from orders.trade.quotes import QuoteError, quote_accept, quote_is_open
from orders.trade.selectors import enquiry_for_buyer


def _group_asked(request: HttpRequest) -> ProducerGroupPage | None:
    group_id = request.GET.get("group", "")
    if not group_id.isdigit():
        return None
    group = producer_group_directory().filter(pk=int(group_id)).first()
    if group is None:
        raise Http404
    return group


@never_cache
def enquiry_new(request: HttpRequest) -> HttpResponse:
    group = _group_asked(request)
    form = EnquiryForm(request.POST or None, group=group)
    items = EnquiryItemFormSet(request.POST or None, prefix="items")
    problem = ""
    if request.method == "POST" and form.is_valid() and items.is_valid():
        data = form.cleaned_data
        try:
            enquiry_rate_check(
                client_ip=request.META.get("REMOTE_ADDR", ""),
                contacts=[data["contact_phone"], data["contact_email"]],
            )
        except EnquiryRateLimited:
            return render(request, "trade/rate_limited.html", status=429)
        try:
            enquiry = enquiry_submit(
                details=EnquiryDetails(
                    buyer_name=data["buyer_name"],
                    business_name=data["business_name"],
                    buyer_kind=data["buyer_kind"],
                    deadline=data["deadline"],
                    delivery_place=data["delivery_place"],
                    contact_phone=data["contact_phone"],
                    contact_email=data["contact_email"],
                    will_visit=data["will_visit"],
                    message=data["message"],
                    producer_group_id=group.pk if group else None,
                    craft_id=data["craft"].pk if data.get("craft") else None,
                ),
                items=[
                    EnquiryItemDraft(
                        description=item["description"],
                        quantity=item["quantity"],
                        target_price=item.get("target_price"),
                        product_id=item["product_link"].pk if item.get("product_link") else None,
                    )
                    for item in items.cleaned_data
                    if item
                ],
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        except EnquiryError as error:
            problem = str(error)
        else:
            return redirect(enquiry.get_absolute_url())
    return render(
        request,
        "trade/enquiry_form.html",
        {"form": form, "items": items, "group": group, "problem": problem},
    )


def _enquiry_or_404(token: str) -> TradeEnquiry:
    try:
        return enquiry_for_buyer(token)
    except TradeEnquiry.DoesNotExist:
        raise Http404 from None


@never_cache
def enquiry_detail(request: HttpRequest, token: str) -> HttpResponse:
    enquiry = _enquiry_or_404(token)
    return _detail(request, enquiry)


def _detail(request, enquiry, *, confirm_form=None, problem: str = "", status: int = 200):
    card_enabled = bool(settings.STRIPE_SECRET_KEY)
    quotes = [
        {
            "quote": quote,
            "open": quote_is_open(quote),
            "lines": _quote_lines(enquiry, quote),
            "form": AcceptForm(card_enabled=card_enabled, prefix=f"q{quote.pk}"),
            "card_due": quote.order is not None and card_payment_is_open(quote.order),
        }
        for quote in enquiry.quotes.select_related("producer_group", "order")
    ]
    response = render(
        request,
        "trade/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "items": list(enquiry.items.all()),
            "quotes": quotes,
            "confirm_form": confirm_form or ConfirmationForm(),
            "problem": problem,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"  # a private link: never in a search engine
    return response


def _quote_lines(enquiry, quote):
    prices = {line.item_id: line.price_per_piece for line in quote.lines.all()}
    lines = []
    for item in enquiry.items.all():
        price = prices.get(item.pk)
        lines.append(
            {"item": item, "price": price, "total": price * item.quantity if price else None}
        )
    return lines


@require_POST
@never_cache
def enquiry_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    enquiry = _enquiry_or_404(token)
    form = ConfirmationForm(request.POST)
    if form.is_valid():
        try:
            if enquiry_confirm(token=token, code=form.cleaned_data["code"]):
                return redirect(enquiry.get_absolute_url())
            form.add_error("code", _("This code is not right. Check the message and try again."))
        except EnquiryError as error:
            form.add_error("code", str(error))
    enquiry.refresh_from_db()
    return _detail(request, enquiry, confirm_form=form, status=400)


@require_POST
@never_cache
def quote_accept_view(request: HttpRequest, token: str, quote_id: int) -> HttpResponse:
    enquiry = _enquiry_or_404(token)
    form = AcceptForm(
        request.POST, card_enabled=bool(settings.STRIPE_SECRET_KEY), prefix=f"q{quote_id}"
    )
    if not form.is_valid():
        return _detail(request, enquiry, problem=_("Choose how you will pay."), status=400)
    try:
        order = quote_accept(
            token=token, quote_id=quote_id, payment_method=form.cleaned_data["payment_method"]
        )
    except QuoteError as error:
        return _detail(request, enquiry, problem=str(error), status=409)
    except TradeEnquiry.DoesNotExist:
        raise Http404 from None
    if card_payment_is_open(order):
        return _to_card_payment(request, enquiry, order)
    return redirect(order.get_absolute_url())


def _to_card_payment(request, enquiry, order) -> HttpResponse:
    try:
        return redirect(card_checkout_start(order=order, request=request))
    except CardPaymentError as error:
        return _detail(request, enquiry, problem=str(error), status=503)


@require_POST
@never_cache
def order_card_pay_view(request: HttpRequest, token: str) -> HttpResponse:
    """Pay what is due now by card (the advance, or the balance once the advance is in)."""
    enquiry = _enquiry_or_404(token)
    quote = enquiry.quotes.filter(order__isnull=False).select_related("order").first()
    if quote is None or quote.order is None or not card_payment_is_open(quote.order):
        return _detail(request, enquiry, problem=_("Nothing to pay by card here."), status=409)
    return _to_card_payment(request, enquiry, quote.order)
