"""The order desk in the Wagtail admin: producer groups ship their own sub-orders, platform
staff see every order, verify transfers, cancel and refund."""

from orders.desk.closing import (
    refund_sent_view,
    sub_order_cancel_view,
    sub_order_decline_view,
    sub_order_return_view,
)
from orders.desk.platform import (
    order_cancel_view,
    order_detail,
    order_refund_view,
    transfer_verify_view,
)
from orders.desk.sub_orders import (
    packing_slip,
    sub_order_advance_view,
    sub_order_detail,
)

__all__ = [
    "refund_sent_view",
    "sub_order_cancel_view",
    "sub_order_decline_view",
    "sub_order_return_view",
    "order_cancel_view",
    "order_detail",
    "order_refund_view",
    "packing_slip",
    "sub_order_advance_view",
    "sub_order_detail",
    "transfer_verify_view",
]
