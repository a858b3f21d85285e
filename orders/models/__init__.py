"""Orders split into sub-orders per producer group, their lines, status history and payments."""

from .accounts import SavedAddress
from .history import StatusChange
from .ledger import LedgerCause, LedgerEntry, LedgerError, LedgerKind
from .makers import (
    MakerEarning,
    MakerPayment,
    MakerPaymentMethod,
    OrderLineMaker,
)
from .orders import (
    CLOSED_SUB_ORDER_STATUSES,
    CancellationKind,
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
from .payouts import OPEN_PAYOUT_STATUSES, Payout, PayoutStatus
from .refunds import Refund, RefundChannel, RefundStatus
from .remittances import (
    ACCEPTED_REMITTANCE_STATUSES,
    CourierRemittance,
    RemittanceLine,
    RemittanceStatus,
)

__all__ = [
    "ACCEPTED_REMITTANCE_STATUSES",
    "CLOSED_SUB_ORDER_STATUSES",
    "CourierRemittance",
    "RemittanceLine",
    "RemittanceStatus",
    "OPEN_PAYOUT_STATUSES",
    "CancellationKind",
    "Refund",
    "RefundChannel",
    "RefundStatus",
    "FulfilmentMethod",
    "LedgerCause",
    "LedgerEntry",
    "LedgerError",
    "LedgerKind",
    "MakerEarning",
    "MakerPayment",
    "MakerPaymentMethod",
    "Order",
    "OrderLineMaker",
    "OrderLine",
    "OrderStatus",
    "Payment",
    "Payout",
    "PayoutStatus",
    "PaymentMethod",
    "PaymentStatus",
    "SavedAddress",
    "StatusChange",
    "StripeEvent",
    "SubOrder",
    "SubOrderStatus",
    "TransferProvider",
]
