"""Orders split into sub-orders per producer group, their lines, status history and payments."""

from .accounts import SavedAddress
from .history import StatusChange
from .orders import (
    FulfilmentMethod,
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
    SubOrder,
    SubOrderStatus,
)
from .payments import Payment, StripeEvent, TransferProvider

__all__ = [
    "FulfilmentMethod",
    "Order",
    "OrderLine",
    "OrderStatus",
    "Payment",
    "PaymentMethod",
    "PaymentStatus",
    "SavedAddress",
    "StatusChange",
    "StripeEvent",
    "SubOrder",
    "SubOrderStatus",
    "TransferProvider",
]
