"""Finance's export of every maker's earnings: each share a group owes a maker (and each
reversal) recorded in the chosen period, one row each, for every group. Large over a year, so
past marketplace.exports' threshold it runs as a task with progress.

Makers are identified by their artisan page's id, not by name: the file goes to finance's
downloads, and names stay on the per-maker statements that the group and finance already see.

Registered from OrdersConfig.ready: `export_register(MAKER_EARNINGS_EXPORT)`.
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
from orders.models import LedgerCause, MakerEarning

COLUMNS = (
    "created_at",
    "producer_group__title",
    "producer_group__district",
    "artisan_id",
    "order_line__variant__product__category__name",
    "stall_sale__variant__product__category__name",
    "cause",
    "pieces",
    "piece_rate",
    "amount",
    "sub_order__order__number",
    "stall_sale_id",
)


def maker_earning_rows(params: Params) -> QuerySet[MakerEarning, tuple[Any, ...]]:
    """Every maker's earning recorded in the period, oldest first."""
    period = period_from_params(params)
    return (
        MakerEarning.objects.filter(period.recorded_in())
        .order_by("created_at", "pk")
        .values_list(*COLUMNS)
    )


def _header() -> Sequence[str]:
    return (
        _("Recorded"),
        _("Producer group"),
        _("District"),
        _("Maker (artisan id)"),
        _("Craft"),
        _("Reason"),
        _("Pieces"),
        _("Piece rate (PKR)"),
        _("Amount (PKR)"),
        _("Order"),
        _("Stall sale"),
    )


def _rows(params: Params) -> Iterator[Sequence[Any]]:
    causes = dict(LedgerCause.choices)
    for row in maker_earning_rows(params).iterator(chunk_size=2000):
        recorded, group, district, artisan, line_craft, stall_craft, cause, *rest = row
        pieces, rate, amount, order_number, stall_sale = rest
        yield (
            timezone.localtime(recorded).strftime("%Y-%m-%d %H:%M"),
            group,
            district,
            artisan or "",
            line_craft or stall_craft or "",
            causes.get(cause, cause),
            pieces,
            rate,
            amount,
            order_number or "",
            stall_sale or "",
        )


def _filename(params: Params) -> str:
    name = "makers-earnings"
    for key in ("date_from", "date_to"):
        if params.get(key):
            name += "-" + params[key].replace("-", "")
    return name


MAKER_EARNINGS_EXPORT = ExportDefinition(
    name="finance-maker-earnings",
    label=gettext_lazy("All makers' earnings"),
    may_run=sees_finance_dashboards,
    form_class=DateRangeForm,
    header=_header,
    count=lambda params: maker_earning_rows(params).count(),
    rows=_rows,
    filename=_filename,
)
