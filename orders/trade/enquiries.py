"""Writes on trade enquiries: submit (with its one-time code), confirm, hide.

An enquiry reaches no group until the buyer confirms the code sent to the phone or email they
gave: only then are its recipients (one group, or every group selling the craft) recorded and
told. A moderator may hide an enquiry at any time: groups no longer see it and no quote of it
can be accepted.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from catalog.models import ProducerGroupPage
from orders.trade.models import TradeEnquiry, TradeEnquiryItem, TradeEnquiryRecipient
from orders.trade.notifications import enquiry_confirmation_notify, enquiry_new_notify
from orders.trade.selectors import groups_making_craft, moderates_enquiries

# What a real trade enquiry can ask; anything beyond is refused with a message.
MAX_ITEMS = 10
MAX_QUANTITY = 100_000
MAX_TARGET_PRICE = Decimal("10000000.00")
MIN_LEAD_DAYS = 3  # nobody makes a bulk order by tomorrow
MAX_AHEAD_DAYS = 730
MAX_CODE_ATTEMPTS = 5


class EnquiryError(Exception):
    """A buyer-facing reason the enquiry was refused; nothing was written."""


@dataclass(frozen=True)
class EnquiryItemDraft:
    description: str
    quantity: int
    target_price: Decimal | None = None
    product_id: int | None = None


@dataclass(frozen=True)
class EnquiryDetails:
    buyer_name: str
    business_name: str
    buyer_kind: str
    deadline: date
    delivery_place: str
    contact_phone: str = ""
    contact_email: str = ""
    will_visit: bool = False
    message: str = ""
    producer_group_id: int | None = None
    craft_id: int | None = None


def deadline_problem(deadline: date, *, today: date | None = None) -> str:
    """Why a deadline is refused ("" if it is fine); shared by the form and the service."""
    today = today or timezone.localdate()
    if deadline < today + timedelta(days=MIN_LEAD_DAYS):
        return _("Give at least %(days)s days: the groups make bulk orders by hand.") % {
            "days": MIN_LEAD_DAYS
        }
    if deadline > today + timedelta(days=MAX_AHEAD_DAYS):
        return _("Choose a date within the next two years.")
    return ""


def quantity_problem(quantity: int) -> str:
    if quantity < 1:
        return _("Ask for at least one piece.")
    if quantity > MAX_QUANTITY:
        return _("At most %(max)s pieces of one item in one enquiry.") % {"max": MAX_QUANTITY}
    return ""


def _validate(details: EnquiryDetails, items: list[EnquiryItemDraft]) -> None:
    problems = []
    if not details.contact_phone.strip() and not details.contact_email.strip():
        problems.append(_("Give a phone number or an email address, to confirm the enquiry."))
    if (details.producer_group_id is None) == (details.craft_id is None):
        problems.append(_("Ask one producer group, or every group that makes a craft."))
    if not items:
        problems.append(_("Add at least one item."))
    if len(items) > MAX_ITEMS:
        problems.append(_("At most %(max)s items in one enquiry.") % {"max": MAX_ITEMS})
    problems.append(deadline_problem(details.deadline))
    for item in items:
        problems.append(quantity_problem(item.quantity))
        if item.target_price is not None and not 0 < item.target_price <= MAX_TARGET_PRICE:
            problems.append(_("A target price must be more than 0 and at most Rs 10,000,000."))
    problems = [problem for problem in problems if problem]
    if problems:
        raise EnquiryError(" ".join(dict.fromkeys(problems)))


def _code_hash(enquiry: TradeEnquiry, code: str) -> str:
    return salted_hmac("trade-enquiry-code", f"{enquiry.access_token}:{code}").hexdigest()


def enquiry_submit(
    *, details: EnquiryDetails, items: list[EnquiryItemDraft], language: str
) -> TradeEnquiry:
    """Record an enquiry and send its one-time code; groups see it only once confirmed."""
    _validate(details, items)
    with transaction.atomic():
        enquiry = TradeEnquiry(**vars(details), language=language)
        code = f"{secrets.randbelow(1_000_000):06d}"
        enquiry.confirmation_code_hash = _code_hash(enquiry, code)
        enquiry.save()
        TradeEnquiryItem.objects.bulk_create(
            TradeEnquiryItem(enquiry=enquiry, **vars(item)) for item in items
        )
        enquiry_confirmation_notify(enquiry=enquiry, code=code)
    return enquiry


def _recipients(enquiry: TradeEnquiry) -> list[ProducerGroupPage]:
    if enquiry.producer_group_id is not None:
        groups = ProducerGroupPage.objects.filter(pk=enquiry.producer_group_id, live=True)
    elif enquiry.craft_id is not None:
        groups = groups_making_craft(enquiry.craft_id).filter(live=True)
    else:
        return []
    return [group for group in groups.order_by("pk") if not group.is_suspended]


def enquiry_confirm(*, token: str, code: str) -> bool:
    """Check the buyer's code; the first right one sends the enquiry to its groups.

    False for a wrong code (counted: after MAX_CODE_ATTEMPTS the enquiry cannot be confirmed).
    Confirming again changes nothing.
    """
    with transaction.atomic():
        enquiry = TradeEnquiry.objects.select_for_update().get(access_token=token)
        if enquiry.is_confirmed:
            return True
        if enquiry.confirmation_attempts >= MAX_CODE_ATTEMPTS:
            raise EnquiryError(_("Too many wrong codes: this enquiry cannot be confirmed."))
        if not constant_time_compare(enquiry.confirmation_code_hash, _code_hash(enquiry, code)):
            enquiry.confirmation_attempts += 1
            enquiry.save(update_fields=["confirmation_attempts"])
            return False
        enquiry.confirmed_at = timezone.now()
        enquiry.save(update_fields=["confirmed_at"])
        groups = _recipients(enquiry)
        TradeEnquiryRecipient.objects.bulk_create(
            TradeEnquiryRecipient(enquiry=enquiry, producer_group=group) for group in groups
        )
        enquiry_new_notify(enquiry=enquiry, groups=groups)
        return True


def enquiry_hide(*, by: User, enquiry_id: int, reason: str) -> TradeEnquiry:
    """A moderator takes an enquiry (spam, abuse) away from the groups. Idempotent."""
    if not moderates_enquiries(by):
        raise PermissionDenied
    if not reason.strip():
        raise EnquiryError(_("Give a reason."))
    with transaction.atomic():
        enquiry = TradeEnquiry.objects.select_for_update().get(pk=enquiry_id)
        if enquiry.hidden_at is None:
            enquiry.hidden_at = timezone.now()
            enquiry.hidden_by = by
            enquiry.hidden_reason = reason.strip()[:255]
            enquiry.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        return enquiry
