"""Sales per product and day, for the groups' market information (catalog.market).

Orders sit above the catalog, so they hand their figures down: a day's units and amounts per
product from the order lines of that day's orders (cancelled and returned parts left out),
written as the day's totals by catalog.market.services.product_sales_record (running it again
changes nothing).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from catalog.market.services import product_sales_record
from orders.models import OrderLine
from orders.models.orders import CLOSED_SUB_ORDER_STATUSES


def product_sales_of_day(day: datetime.date) -> dict[int, tuple[int, Decimal]]:
    """{product id: (units, amount)} of orders placed on `day` (Pakistan time)."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    rows = (
        OrderLine.objects.filter(
            sub_order__order__created_at__gte=start,
            sub_order__order__created_at__lt=end,
            variant__isnull=False,
        )
        .exclude(sub_order__status__in=CLOSED_SUB_ORDER_STATUSES)
        .values("variant__product_id")
        .annotate(units=Sum("quantity"), amount=Sum("line_total"))
    )
    return {row["variant__product_id"]: (row["units"], row["amount"]) for row in rows}


def market_sales_copy(*, day: datetime.date) -> int:
    return product_sales_record(day=day, sales=product_sales_of_day(day))
