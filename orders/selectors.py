"""Reads for orders. Who may see which sub-order is decided here, in the queryset."""

from django.db.models import QuerySet

from catalog.models import ProducerGroupPage
from marketplace.users import AnyUser
from orders.models import Order, SavedAddress, SubOrder

MANAGE_ALL_PERMISSION = "orders.manage_all_orders"


def producer_groups_of(user: AnyUser) -> QuerySet[ProducerGroupPage]:
    """The producer groups whose staff `user` belongs to."""
    groups: QuerySet[ProducerGroupPage] = ProducerGroupPage.objects.all()
    if not user.is_authenticated:
        return groups.none()
    return groups.filter(staff_group__in=user.groups.all())


def manages_all_orders(user: AnyUser) -> bool:
    """Platform staff who see every order (the order desk, statements of every group)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(MANAGE_ALL_PERMISSION))


def sub_orders_for_user(user: AnyUser) -> QuerySet[SubOrder]:
    """Platform staff see every sub-order; a group's staff only their own group's."""
    if not user.is_authenticated or not user.is_active:
        return SubOrder.objects.none()
    if user.has_perm(MANAGE_ALL_PERMISSION):
        return SubOrder.objects.all()
    return SubOrder.objects.filter(producer_group__in=producer_groups_of(user))


def orders_of_buyer(user: AnyUser) -> QuerySet[Order]:
    if not user.is_authenticated:
        return Order.objects.none()
    return Order.objects.filter(buyer=user).prefetch_related("sub_orders")


def order_for_access_link(*, number: str, token: str) -> Order:
    """The order a guest link points to; DoesNotExist unless number and token both match."""
    return Order.objects.prefetch_related(
        "sub_orders__lines", "payments", "refunds__sub_order"
    ).get(number=number, access_token=token)


def saved_addresses_of(buyer: AnyUser | None) -> QuerySet[SavedAddress]:
    """The buyer's own addresses (none for anonymous visitors)."""
    if buyer is None or not buyer.is_authenticated:
        return SavedAddress.objects.none()
    return SavedAddress.objects.filter(buyer=buyer)
