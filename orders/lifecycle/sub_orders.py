"""Transitions of one sub-order: pack, ship, deliver, decline, cancel, return.

Each is one transaction: lock the order then the sub-order (the lock order every transition
uses), refuse what the table forbids, set the status through `records`, derive the order's
status, then run this transition's effects explicitly (ledger, stock, refund, messages).
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from orders.finance.ledger import ledger_mark_delivered, ledger_reverse_sub_order
from orders.lifecycle.effects import (
    advance_refund_owe,
    refund_owe_for_sub_order,
    stock_return,
)
from orders.lifecycle.records import order_status_sync, sub_order_status_set
from orders.lifecycle.tables import OrderStateError
from orders.models import (
    CancellationKind,
    LedgerCause,
    Order,
    OrderStatus,
    SubOrder,
    SubOrderStatus,
)
from orders.notifications import (
    order_status_notify,
    sub_order_closed_notify,
    sub_order_status_notify,
)
from orders.selectors import MANAGE_ALL_PERMISSION, sub_orders_for_user

# Goods leave the group only once the money is safe (or will be collected on delivery).
READY_TO_SHIP = (OrderStatus.PAID, OrderStatus.CASH_ON_DELIVERY)
NEXT_STATUS: dict[str, str] = {
    SubOrderStatus.NEW: SubOrderStatus.PACKED,
    SubOrderStatus.PACKED: SubOrderStatus.SHIPPED,
    SubOrderStatus.SHIPPED: SubOrderStatus.DELIVERED,
}


def _locked(queryset: QuerySet[SubOrder], sub_order_id: int) -> SubOrder:
    """Lock the order, then its sub-order (DoesNotExist if `queryset` does not hold it)."""
    order_id = queryset.values_list("order_id", flat=True).get(pk=sub_order_id)
    order = Order.objects.select_for_update().get(pk=order_id)
    sub_order = (
        queryset.select_for_update(of=("self",))
        .select_related("producer_group")
        .get(pk=sub_order_id)
    )
    sub_order.order = order
    return sub_order


def _require_staff(user: User) -> None:
    if not user.is_active or not user.has_perm(MANAGE_ALL_PERMISSION):
        raise PermissionDenied


def sub_order_advance(
    *, user: User, sub_order_id: int, to_status: str, courier: str = "", tracking_number: str = ""
) -> SubOrder:
    """Move a sub-order one step on (packed, shipped, delivered); only its group or staff."""
    with transaction.atomic():
        sub_order = _locked(sub_orders_for_user(user), sub_order_id)
        if NEXT_STATUS.get(sub_order.status) != to_status:
            raise OrderStateError(
                _("A sub-order that is %(status)s cannot become %(new)s.")
                % {"status": sub_order.get_status_display(), "new": SubOrderStatus(to_status).label}
            )
        if sub_order.order.status not in READY_TO_SHIP:
            raise OrderStateError(_("The order is not paid yet."))
        fields: tuple[str, ...] = ()
        if to_status == SubOrderStatus.SHIPPED:
            if not courier.strip() or not tracking_number.strip():
                raise OrderStateError(_("Enter the courier and the tracking number."))
            sub_order.courier = courier.strip()
            sub_order.tracking_number = tracking_number.strip()
            fields = ("courier", "tracking_number")
        sub_order_status_set(sub_order, to_status, by=user, fields=fields)
        order_status_sync(sub_order.order, by=user)
        if to_status == SubOrderStatus.DELIVERED:
            ledger_mark_delivered(sub_order_id=sub_order.pk)
        sub_order_status_notify(sub_order=sub_order)
        return sub_order


def _close(
    sub_order: SubOrder, *, to: str, kind: str, by: User | None, reason: str, restock: bool = True
) -> SubOrder:
    """Cancel or return a locked sub-order and run every effect of that, in order."""
    if not reason.strip():
        raise OrderStateError(_("Give a reason: the buyer and the group will read it."))
    sub_order.cancellation_kind = kind
    sub_order.cancellation_reason = reason.strip()[:255]
    sub_order_status_set(
        sub_order, to, by=by, note=reason, fields=("cancellation_kind", "cancellation_reason")
    )
    returned = to == SubOrderStatus.RETURNED
    prefix = "return" if returned else "cancel"
    refund = refund_owe_for_sub_order(
        sub_order, key=f"{prefix}:so{sub_order.pk}", reason=reason.strip()
    )
    ledger_reverse_sub_order(
        sub_order_id=sub_order.pk,
        reason=reason,
        cause=LedgerCause.RETURN if returned else LedgerCause.CANCELLATION,
    )
    if restock:
        stock_return(sub_order, by=by)
    order = sub_order.order
    whole_order_cancelled = order_status_sync(order, by=by, note=reason) == OrderStatus.CANCELLED
    if whole_order_cancelled:
        refund = advance_refund_owe(order, reason=reason.strip()) or refund
        order.cancellation_kind = kind
        order.save(update_fields=["cancellation_kind", "updated_at"])
        order_status_notify(order=order)
    sub_order_closed_notify(
        sub_order=sub_order, refund=refund, tell_buyer=not whole_order_cancelled
    )
    return sub_order


def sub_order_decline(*, user: User, sub_order_id: int, reason: str) -> SubOrder:
    """The producer group cannot fulfil its part (before shipping): reason required."""
    with transaction.atomic():
        sub_order = _locked(sub_orders_for_user(user), sub_order_id)
        return _close(
            sub_order,
            to=SubOrderStatus.CANCELLED,
            kind=CancellationKind.DECLINED,
            by=user,
            reason=reason,
        )


def sub_order_cancel(*, by: User, sub_order_id: int, reason: str) -> SubOrder:
    """Finance cancels one group's part of an order (before it is shipped)."""
    _require_staff(by)
    with transaction.atomic():
        sub_order = _locked(SubOrder.objects.all(), sub_order_id)
        return _close(
            sub_order,
            to=SubOrderStatus.CANCELLED,
            kind=CancellationKind.STAFF,
            by=by,
            reason=reason,
        )


def sub_order_return(*, by: User, sub_order_id: int, reason: str, restock: bool = True) -> SubOrder:
    """A delivered sub-order came back: refund it, reverse the group's earnings, restock."""
    _require_staff(by)
    with transaction.atomic():
        sub_order = _locked(SubOrder.objects.all(), sub_order_id)
        return _close(
            sub_order,
            to=SubOrderStatus.RETURNED,
            kind=CancellationKind.STAFF,
            by=by,
            reason=reason,
            restock=restock,
        )
