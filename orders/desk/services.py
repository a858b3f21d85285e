"""Platform staff's writes from the order desk that the order services leave unguarded."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from marketplace.users import User
from orders.lifecycle.orders import order_cancel
from orders.models import Order
from orders.selectors import MANAGE_ALL_PERMISSION


def order_cancel_by_staff(*, order_id: int, by: User, reason: str) -> Order:
    """Cancel a whole order on a staff member's word; only platform staff who manage all
    orders may. `order_cancel` itself has no permission check because expiry calls it too."""
    if not by.is_active or not by.has_perm(MANAGE_ALL_PERMISSION):
        raise PermissionDenied
    with transaction.atomic():
        return order_cancel(order_id=order_id, by=by, reason=reason)
