"""Who sees which trade enquiry and quote, decided in the queryset.

A group's staff see the confirmed, visible enquiries addressed to their group, without the
buyer's name, phone and email (deferred, and never read by the admin's columns); those come
only from `enquiry_contact_for_group`, once that group's quote was accepted. Moderators see
every enquiry, hidden and unconfirmed ones too.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from catalog.models import ProducerGroupPage
from marketplace.users import AnyUser
from orders.selectors import producer_groups_of
from orders.trade.models import QuoteStatus, TradeEnquiry, TradeQuote

MODERATE_PERMISSION = "trade.moderate_tradeenquiry"
CONTACT_FIELDS = ("buyer_name", "contact_phone", "contact_email")


def moderates_enquiries(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(MODERATE_PERMISSION)


def enquiries_for_user(user: AnyUser) -> QuerySet[TradeEnquiry]:
    if not user.is_authenticated or not user.is_active:
        return TradeEnquiry.objects.none()
    if moderates_enquiries(user):
        return TradeEnquiry.objects.select_related("craft", "producer_group")
    return (
        TradeEnquiry.objects.filter(
            recipients__producer_group__in=producer_groups_of(user),
            confirmed_at__isnull=False,
            hidden_at__isnull=True,
        )
        .select_related("craft")
        .defer(*CONTACT_FIELDS, "confirmation_code_hash", "producer_group")
        .distinct()
    )


def quotes_for_user(user: AnyUser) -> QuerySet[TradeQuote]:
    """Moderators see every quote; a group's staff only their own group's."""
    if moderates_enquiries(user):
        return TradeQuote.objects.all()
    return TradeQuote.objects.filter(producer_group__in=producer_groups_of(user))


def answering_groups(user: AnyUser, enquiry: TradeEnquiry) -> QuerySet[ProducerGroupPage]:
    """The user's groups that this enquiry was sent to (the ones that may quote)."""
    return producer_groups_of(user).filter(pk__in=enquiry.recipients.values("producer_group_id"))


@dataclass(frozen=True)
class BuyerContact:
    name: str
    business: str
    phone: str
    email: str


def enquiry_contact_for_group(*, user: AnyUser, enquiry_id: int) -> BuyerContact | None:
    """The buyer's contact details, for a moderator or for the group whose quote was accepted;
    None for anyone else (another group, or this group before acceptance)."""
    enquiries = TradeEnquiry.objects.filter(pk=enquiry_id)
    if not moderates_enquiries(user):
        enquiries = enquiries.filter(
            quotes__producer_group__in=producer_groups_of(user),
            quotes__status=QuoteStatus.ACCEPTED,
        )
    row = enquiries.values("buyer_name", "business_name", *CONTACT_FIELDS[1:]).first()
    if row is None:
        return None
    return BuyerContact(
        name=row["buyer_name"],
        business=row["business_name"],
        phone=row["contact_phone"],
        email=row["contact_email"],
    )


def enquiry_for_buyer(token: str) -> TradeEnquiry:
    """The enquiry a buyer's private link points to (DoesNotExist for any other token)."""
    return TradeEnquiry.objects.prefetch_related("items", "quotes__lines").get(access_token=token)


def groups_making_craft(craft_id: int) -> QuerySet[ProducerGroupPage]:
    """Live, not suspended groups with a product of this craft on sale."""
    # Imported here: catalog.selectors is heavy and only this reads it.
    from catalog.selectors import products_for_sale

    group_ids = products_for_sale().filter(category_id=craft_id).values("producer_group_id")
    groups: QuerySet[ProducerGroupPage] = ProducerGroupPage.objects.filter(pk__in=group_ids)
    return groups
