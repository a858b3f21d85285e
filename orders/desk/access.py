"""Who may see what on the order desk, as querysets (the sub-orders come from
orders.selectors.sub_orders_for_user). A row outside these querysets is a 404."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from orders.lifecycle.sub_orders import READY_TO_SHIP
from orders.models import Order, OrderStatus, Payment, PaymentMethod, SubOrder, SubOrderStatus
from orders.selectors import manages_all_orders, sub_orders_for_user

VERIFY_TRANSFERS_PERMISSION = "orders.verify_transfers"


def verifies_transfers(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(VERIFY_TRANSFERS_PERMISSION)


def orders_managed_by(user) -> QuerySet[Order]:
    """Whole orders (every group's lines, the buyer's email, payments): platform staff only."""
    if not manages_all_orders(user):
        return Order.objects.none()
    return Order.objects.all()


def transfers_awaiting_verification(user) -> QuerySet[Payment]:
    if not verifies_transfers(user):
        return Payment.objects.none()
    return (
        Payment.objects.filter(method=PaymentMethod.TRANSFER, status=Payment.Status.SUBMITTED)
        .select_related("order", "reference_reused_from__order")
        # Later orders that repeat this reference: finance is warned on both sides.
        .prefetch_related(
            Prefetch(
                "reference_reused_by",
                queryset=Payment.objects.select_related("order").order_by("pk"),
            )
        )
        .order_by("created_at", "pk")
    )


# The buyer's contact and address on an order: a group reads them only through
# shipping_details_for(), never from the sub-order's order (sub_order_for_desk defers them).
SHIPPING_FIELDS = (
    "contact_phone",
    "address_line1",
    "address_line2",
    "city",
    "postal_code",
    "province",
    "buyer_note",
)


@dataclass(frozen=True)
class ShippingDetails:
    contact_phone: str
    address_line1: str
    address_line2: str
    city: str
    postal_code: str
    province: str
    buyer_note: str


def sub_order_for_desk(user, sub_order_id: int) -> SubOrder:
    """The sub-order if `user` may work on it; SubOrder.DoesNotExist otherwise. Its order
    comes without the buyer's phone, address and note: see shipping_details_for()."""
    return (
        sub_orders_for_user(user)
        .select_related("order", "producer_group")
        .defer(*(f"order__{name}" for name in SHIPPING_FIELDS))
        .get(pk=sub_order_id)
    )


def _shipping_visible(user) -> Q:
    """A group sees the buyer's phone, address and note only while it has a parcel to send:
    once the order is paid (or cash on delivery) and until its part is cancelled."""
    if manages_all_orders(user):
        return Q()
    return ~Q(status=SubOrderStatus.CANCELLED) & (
        ~Q(status=SubOrderStatus.NEW) | Q(order__status__in=(*READY_TO_SHIP, OrderStatus.COMPLETED))
    )


def shipping_details_for(user, sub_order: SubOrder) -> ShippingDetails | None:
    """The buyer's phone, address and note for this sub-order, read in a query that returns
    nothing when `user` may not see them (None)."""
    row = (
        sub_orders_for_user(user)
        .filter(_shipping_visible(user), pk=sub_order.pk)
        .values(*(f"order__{name}" for name in SHIPPING_FIELDS))
        .first()
    )
    if row is None:
        return None
    return ShippingDetails(**{name: row[f"order__{name}"] for name in SHIPPING_FIELDS})
