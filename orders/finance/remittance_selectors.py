"""Reads of cash on delivery held by couriers and of their remittances, for finance only.

Finance (orders.record_remittances) see every delivered cash-on-delivery parcel awaiting its
remittance and every remittance; anyone else gets an empty queryset.
"""

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from marketplace.users import AnyUser
from orders.models import (
    CourierRemittance,
    FulfilmentMethod,
    PaymentMethod,
    RemittanceLine,
    RemittanceStatus,
    SubOrder,
    SubOrderStatus,
)

RECORD_REMITTANCES_PERMISSION = "orders.record_remittances"

# A sub-order whose cash a courier collected: delivered, cash on delivery, sent by courier.
CASH_WITH_COURIER = Q(
    status=SubOrderStatus.DELIVERED,
    order__payment_method=PaymentMethod.CASH_ON_DELIVERY,
    order__fulfilment=FulfilmentMethod.SHIP,
)


def records_remittances(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm(RECORD_REMITTANCES_PERMISSION)
    )


def _covered() -> Exists:
    return Exists(RemittanceLine.objects.filter(sub_order=OuterRef("pk"), released=False))


def cash_on_delivery_parcels() -> QuerySet[SubOrder]:
    """Every delivered cash-on-delivery sub-order a courier collected (no permission check:
    for services)."""
    return SubOrder.objects.filter(CASH_WITH_COURIER, producer_group__isnull=False)


def sub_orders_awaiting_remittance(user: AnyUser) -> QuerySet[SubOrder]:
    """Delivered cash-on-delivery parcels no remittance covers yet, oldest first."""
    if not records_remittances(user):
        return SubOrder.objects.none()
    return (
        cash_on_delivery_parcels()
        .exclude(_covered())
        .select_related("order", "producer_group")
        .order_by("updated_at", "pk")
    )


def remittances_for_user(user: AnyUser) -> QuerySet[CourierRemittance]:
    """Every remittance for finance, flagged ones first, then newest first."""
    if not records_remittances(user):
        return CourierRemittance.objects.none()
    flagged_first = Case(
        When(status=RemittanceStatus.FLAGGED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return CourierRemittance.objects.select_related("recorded_by", "resolved_by").order_by(
        flagged_first, "-recorded_at", "-pk"
    )
