"""Finance's export of sales by order line: every line of every sub-order whose payment the
ledger recorded in the chosen period (its "paid" sale entry), one row each. A year of sales is
large, so past marketplace.exports' threshold it runs as a task with progress.

Registered from OrdersConfig.ready: `export_register(SALES_EXPORT)`.
"""

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.date_range import DateRangeForm, period_from_params
from marketplace.exports.registry import ExportDefinition, Params
from orders.finance.dashboards.selectors import sees_finance_dashboards
from orders.models import (
    FulfilmentMethod,
    LedgerCause,
    LedgerEntry,
    LedgerKind,
    PaymentMethod,
    SubOrderStatus,
)

COLUMNS = (
    "created_at",
    "sub_order__order__number",
    "sub_order__order__fulfilment",
    "sub_order__order__payment_method",
    "sub_order__producer_group_name",
    "producer_group__district",
    "sub_order__lines__variant__product__category__name",
    "sub_order__lines__product_title",
    "sub_order__lines__variant_label",
    "sub_order__lines__sku",
    "sub_order__lines__quantity",
    "sub_order__lines__unit_price",
    "sub_order__lines__line_total",
    "sub_order__lines__commission_rate",
    "sub_order__lines__commission",
    "sub_order__status",
)


def sales_line_rows(params: Params) -> QuerySet[LedgerEntry, tuple[Any, ...]]:
    """One row per order line of the sub-orders paid in the period, in order of payment."""
    period = period_from_params(params)
    return (
        LedgerEntry.objects.filter(
            period.recorded_in(),
            kind=LedgerKind.SALE,
            cause=LedgerCause.PAID,
            sub_order__lines__isnull=False,
        )
        .order_by("created_at", "pk", "sub_order__lines__pk")
        .values_list(*COLUMNS)
    )


def _header() -> Sequence[str]:
    return (
        _("Paid"),
        _("Order"),
        _("Channel"),
        _("Payment method"),
        _("Producer group"),
        _("District"),
        _("Craft"),
        _("Product"),
        _("Variant"),
        _("SKU"),
        _("Quantity"),
        _("Unit price (PKR)"),
        _("Line total (PKR)"),
        _("Commission (%)"),
        _("Commission (PKR)"),
        _("Status now"),
    )


def _rows(params: Params) -> Iterator[Sequence[Any]]:
    labels = {
        **dict(FulfilmentMethod.choices),
        **dict(PaymentMethod.choices),
    }
    statuses = dict(SubOrderStatus.choices)
    for row in sales_line_rows(params).iterator(chunk_size=2000):
        paid_at, *middle, status = row
        middle[1] = labels.get(middle[1], middle[1])
        middle[2] = labels.get(middle[2], middle[2])
        yield (
            timezone.localtime(paid_at).strftime("%Y-%m-%d %H:%M"),
            *middle,
            statuses.get(status, status),
        )


def _filename(params: Params) -> str:
    name = "sales-by-order-line"
    for key in ("date_from", "date_to"):
        if params.get(key):
            name += "-" + params[key].replace("-", "")
    return name


SALES_EXPORT = ExportDefinition(
    name="finance-sales-lines",
    label=gettext_lazy("Sales by order line"),
    may_run=sees_finance_dashboards,
    form_class=DateRangeForm,
    header=_header,
    count=lambda params: sales_line_rows(params).count(),
    rows=_rows,
    filename=_filename,
)
