"""A producer group's staff move their sub-orders from new to delivered."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.notifications.dispatch import sub_order_status_notify
from orders.models import OrderStatus, SubOrder, SubOrderStatus
from orders.selectors import sub_orders_for_user
from orders.services.cancellation import OrderStateError
from orders.services.ledger import ledger_mark_delivered
from orders.services.status import order_status_refresh, record_change

NEXT_STATUS = {
    SubOrderStatus.NEW: SubOrderStatus.PACKED,
    SubOrderStatus.PACKED: SubOrderStatus.SHIPPED,
    SubOrderStatus.SHIPPED: SubOrderStatus.DELIVERED,
}
# Goods leave the group only once the money is safe (or will be collected on delivery).
READY_TO_SHIP = (OrderStatus.PAID, OrderStatus.CASH_ON_DELIVERY)


def sub_order_advance(
    *, user, sub_order_id: int, to_status: str, courier: str = "", tracking_number: str = ""
) -> SubOrder:
    """Move a sub-order one step on (packed, shipped, delivered); only its group or staff."""
    with transaction.atomic():
        sub_order = (
            sub_orders_for_user(user)
            .select_for_update()
            .select_related("order")
            .get(pk=sub_order_id)
        )
        if NEXT_STATUS.get(sub_order.status) != to_status:
            raise OrderStateError(
                _("A sub-order that is %(status)s cannot become %(new)s.")
                % {"status": sub_order.get_status_display(), "new": SubOrderStatus(to_status).label}
            )
        if sub_order.order.status not in READY_TO_SHIP:
            raise OrderStateError(_("The order is not paid yet."))
        if to_status == SubOrderStatus.SHIPPED:
            if not courier.strip() or not tracking_number.strip():
                raise OrderStateError(_("Enter the courier and the tracking number."))
            sub_order.courier = courier.strip()
            sub_order.tracking_number = tracking_number.strip()
        record_change(
            order=sub_order.order,
            sub_order=sub_order,
            field="sub_order_status",
            old=sub_order.status,
            new=to_status,
            by=user,
        )
        sub_order.status = to_status
        sub_order.save(update_fields=["status", "courier", "tracking_number", "updated_at"])
        order_status_refresh(order=sub_order.order, by=user)
        ledger_mark_delivered(sub_order_id=sub_order.pk)
        sub_order_status_notify(sub_order=sub_order)
        return sub_order
