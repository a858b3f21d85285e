"""The finance dashboard's charts: which figures each one draws, from the same selectors as
the tables beside them (so a chart and its table always agree)."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from marketplace.date_range import Period
from marketplace.users import AnyUser
from orders.finance.dashboards import selectors

# A chart of more bars than this shows the largest; the table beside it has every row.
MOST_BARS = 15


@dataclass(frozen=True)
class ChartSpec:
    title: str
    labels: list[str]
    series: list[tuple[str, list[Decimal]]]
    horizontal: bool = False


def _months(user: AnyUser, period: Period) -> ChartSpec:
    rows = selectors.finance_by_month(user=user, period=period)
    return ChartSpec(
        title=_("Sales, commission and payouts by month (PKR)"),
        labels=[date_format(row.month, "M Y") for row in rows],
        series=[
            (_("Sales"), [row.sales for row in rows]),
            (_("Commission"), [row.commission for row in rows]),
            (_("Payouts"), [row.payouts for row in rows]),
        ],
    )


def _groups(user: AnyUser, period: Period) -> ChartSpec:
    rows = selectors.finance_by_group(user=user, period=period)[:MOST_BARS]
    return ChartSpec(
        title=_("Sales and commission by producer group (PKR)"),
        labels=[row.title for row in rows],
        series=[
            (_("Sales"), [row.sales for row in rows]),
            (_("Commission"), [row.commission for row in rows]),
        ],
        horizontal=True,
    )


def _balances(user: AnyUser, period: Period) -> ChartSpec:
    rows = selectors.finance_by_group(user=user, period=period)
    rows = sorted(rows, key=lambda row: -abs(row.balance))[:MOST_BARS]
    return ChartSpec(
        title=_("Owed to and by producer groups (PKR)"),
        labels=[row.title for row in rows],
        series=[
            (_("Owed to the group"), [row.owed_to_group for row in rows]),
            (_("Owed by the group"), [row.owed_by_group for row in rows]),
        ],
        horizontal=True,
    )


def _districts(user: AnyUser, period: Period) -> ChartSpec:
    groups = selectors.finance_by_group(user=user, period=period)
    rows = selectors.finance_by_district(groups)[:MOST_BARS]
    return ChartSpec(
        title=_("Sales and commission by district (PKR)"),
        labels=[row.district for row in rows],
        series=[
            (_("Sales"), [row.sales for row in rows]),
            (_("Commission"), [row.commission for row in rows]),
        ],
        horizontal=True,
    )


def _crafts(user: AnyUser, period: Period) -> ChartSpec:
    rows = selectors.finance_by_craft(user=user, period=period)[:MOST_BARS]
    return ChartSpec(
        title=_("Sales and commission by craft (PKR)"),
        labels=[row.craft for row in rows],
        series=[
            (_("Sales"), [row.sales for row in rows]),
            (_("Commission"), [row.commission for row in rows]),
        ],
        horizontal=True,
    )


FINANCE_CHARTS: dict[str, Callable[[AnyUser, Period], ChartSpec]] = {
    "months": _months,
    "groups": _groups,
    "balances": _balances,
    "districts": _districts,
    "crafts": _crafts,
}
