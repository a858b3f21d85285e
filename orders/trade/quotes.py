"""A group answers an enquiry with a quote; the buyer accepts one from the private link.

Acceptance locks the enquiry row first, so two clicks at once (or two quotes accepted at
once) queue on it: the first places the order, the second finds the quote accepted and gets
the same order back, or is refused if it was another quote. A partial unique index on
accepted quotes is the database's own guard.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import Order
from orders.trade.models import QuoteStatus, TradeEnquiry, TradeQuote, TradeQuoteLine
from orders.trade.notifications import quote_accepted_notify, quote_received_notify
from orders.trade.placement import TRADE_PAYMENT_METHODS, trade_order_place
from orders.trade.selectors import answering_groups, enquiries_for_user

MAX_VALIDITY_DAYS = 180
MAX_LEAD_TIME_DAYS = 365
MAX_PRICE = Decimal("10000000.00")


class QuoteError(Exception):
    """A reason the quote was refused or cannot be accepted; nothing was written."""


@dataclass(frozen=True)
class QuoteTerms:
    lead_time_days: int
    valid_until: date
    sample_available: bool = False
    delivery_charge: Decimal = Decimal("0.00")
    advance_percent: int = 0
    note: str = ""


def _check_terms(terms: QuoteTerms, prices: dict[int, Decimal], item_ids: set[int]) -> None:
    today = timezone.localdate()
    if set(prices) != item_ids:
        raise QuoteError(_("Give a price for every item."))
    if any(not 0 < price <= MAX_PRICE for price in prices.values()):
        raise QuoteError(_("A price per piece must be more than 0 and at most Rs 10,000,000."))
    if not today <= terms.valid_until <= today + timedelta(days=MAX_VALIDITY_DAYS):
        raise QuoteError(_("A quote is valid from today for at most 180 days."))
    if not 1 <= terms.lead_time_days <= MAX_LEAD_TIME_DAYS:
        raise QuoteError(_("Lead time: between 1 and 365 days."))
    if not 0 <= terms.advance_percent <= 100:
        raise QuoteError(_("The advance is a percentage from 0 to 100."))
    if not 0 <= terms.delivery_charge <= MAX_PRICE:
        raise QuoteError(_("The delivery charge cannot be negative."))


def quote_submit(
    *, user: User, enquiry_id: int, group_id: int, prices: dict[int, Decimal], terms: QuoteTerms
) -> TradeQuote:
    """The group's quote, one per group and enquiry; only its staff, only if it was asked."""
    enquiry = enquiries_for_user(user).get(pk=enquiry_id)  # DoesNotExist: not theirs
    group = answering_groups(user, enquiry).get(pk=group_id)
    if enquiry.hidden_at is not None or not enquiry.is_confirmed:
        raise QuoteError(_("This enquiry is closed."))
    _check_terms(terms, prices, set(enquiry.items.values_list("pk", flat=True)))
    try:
        with transaction.atomic():
            if enquiry.quotes.filter(status=QuoteStatus.ACCEPTED).exists():
                raise QuoteError(_("The buyer has already accepted a quote."))
            quote = TradeQuote.objects.create(
                enquiry=enquiry, producer_group=group, created_by=user, **vars(terms)
            )
            TradeQuoteLine.objects.bulk_create(
                TradeQuoteLine(quote=quote, item_id=item_id, price_per_piece=price)
                for item_id, price in sorted(prices.items())
            )
            quote_received_notify(quote=quote)
    except IntegrityError:
        raise QuoteError(_("Your group has already sent a quote for this enquiry.")) from None
    return quote


def quote_is_open(quote: TradeQuote, *, today: date | None = None) -> bool:
    """Whether the buyer may still accept this quote (the service decides again)."""
    today = today or timezone.localdate()
    return quote.status == QuoteStatus.OFFERED and quote.valid_until >= today


def quote_accept(*, token: str, quote_id: int, payment_method: str) -> Order:
    """The buyer accepts a quote: the order is placed at its prices, other quotes close."""
    if payment_method not in TRADE_PAYMENT_METHODS:
        raise QuoteError(_("Choose how you will pay."))
    with transaction.atomic():
        # The enquiry first: every acceptance of any of its quotes queues here.
        enquiry = TradeEnquiry.objects.select_for_update().get(access_token=token)
        quote = (
            TradeQuote.objects.select_for_update()
            .select_related("producer_group")
            .get(pk=quote_id, enquiry=enquiry)
        )
        if quote.status == QuoteStatus.ACCEPTED and quote.order is not None:
            return quote.order  # the same click again: the order it made
        if enquiry.hidden_at is not None:
            raise QuoteError(_("This enquiry was closed by the moderators."))
        if quote.status != QuoteStatus.OFFERED:
            raise QuoteError(_("You have already accepted another quote for this enquiry."))
        if not quote_is_open(quote):
            raise QuoteError(_("This quote has expired: ask the group for a new one."))
        if quote.producer_group.is_suspended or not quote.producer_group.live:
            raise QuoteError(_("This producer group is not taking orders at the moment."))
        order = trade_order_place(quote=quote, enquiry=enquiry, payment_method=payment_method)
        quote.status = QuoteStatus.ACCEPTED
        quote.accepted_at = timezone.now()
        quote.order = order
        quote.save(update_fields=["status", "accepted_at", "order"])
        enquiry.quotes.exclude(pk=quote.pk).update(status=QuoteStatus.DECLINED)
        quote.enquiry = enquiry
        quote_accepted_notify(quote=quote)
        return order
