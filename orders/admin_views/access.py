"""Who may see what on the order desk, as querysets (the sub-orders come from
orders.selectors.sub_orders_for_user). A row outside these querysets is a 404."""

from django.db.models import Prefetch, QuerySet

from orders.lifecycle.sub_orders import READY_TO_SHIP
from orders.models import Order, OrderStatus, Payment, PaymentMethod, SubOrder, SubOrderStatus
from orders.selectors import MANAGE_ALL_PERMISSION, sub_orders_for_user

VERIFY_TRANSFERS_PERMISSION = "orders.verify_transfers"


def manages_all_orders(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(MANAGE_ALL_PERMISSION)


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


def sub_order_for_desk(user, sub_order_id: int) -> SubOrder:
    """The sub-order if `user` may work on it; SubOrder.DoesNotExist otherwise."""
    return sub_orders_for_user(user).select_related("order", "producer_group").get(pk=sub_order_id)


def shipping_details_shown(user, sub_order: SubOrder) -> bool:
    """A group sees the buyer's phone, address and note only while it has a parcel to send:
    once the order is paid (or cash on delivery) and until its part is cancelled."""
    if manages_all_orders(user):
        return True
    if sub_order.status == SubOrderStatus.CANCELLED:
        return False
    return sub_order.status != SubOrderStatus.NEW or sub_order.order.status in (
        *READY_TO_SHIP,
        OrderStatus.COMPLETED,
    )
