"""The organisers' mela dashboard: a mela's sales by day, producer group and channel, its
visitors and how many stalls are filled, in a handful of queries.

Channels, for the groups holding an approved stall at the mela and the mela's days only:
- stall: cash sales recorded at the stall (StallSale), by the day of the sale;
- online: orders delivered to an address, placed on a mela day, paid or cash on delivery and
  not cancelled or returned, by the day they were placed (the mela report's rule);
- collect: orders collected at the stall, by the day they were handed over there.
Amounts are items before commission (what buyers paid for the crafts), to the paisa.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate

from catalog.models import ProducerGroupPage
from events.models import (
    ApplicationStatus,
    ExhibitorApplication,
    MelaPage,
    MelaVisitorCount,
    Stall,
    StallSale,
)
from marketplace.date_range import Period
from marketplace.money import to_money
from orders.models import (
    CLOSED_SUB_ORDER_STATUSES,
    FulfilmentMethod,
    OrderStatus,
    SubOrder,
    SubOrderStatus,
)

ZERO = Decimal("0.00")
CHANNELS = ("online", "stall", "collect")
COUNTED_ORDER_STATUSES = (OrderStatus.PAID, OrderStatus.CASH_ON_DELIVERY, OrderStatus.COMPLETED)


@dataclass
class ChannelFigures:
    online: Decimal = ZERO
    stall: Decimal = ZERO
    collect: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.online + self.stall + self.collect

    def add(self, channel: str, amount: Decimal) -> None:
        setattr(self, channel, getattr(self, channel) + amount)


@dataclass
class DayRow(ChannelFigures):
    day: date = date.min
    visitors: int | None = None


@dataclass
class GroupRow(ChannelFigures):
    group_id: int = 0
    title: str = ""


@dataclass
class MelaDashboard:
    days: list[DayRow]
    groups: list[GroupRow]
    channels: ChannelFigures
    stalls_total: int
    stalls_filled: int
    visitors_total: int | None = None

    @property
    def fill_percent(self) -> Decimal | None:
        if not self.stalls_total:
            return None
        return to_money(Decimal(self.stalls_filled * 100) / self.stalls_total)


def dashboard_days(mela: MelaPage, first: date | None, last: date | None) -> list[date]:
    """The mela's days inside [first, last] (either end open)."""
    return [
        day
        for day in mela.days
        if (first is None or day >= first) and (last is None or day <= last)
    ]


def _sales_by_group_and_day(
    mela: MelaPage, days: list[date]
) -> list[tuple[str, int, date, Decimal]]:
    """(channel, group id, day, amount) rows of the three channels: three queries."""
    if not days:
        return []
    exhibitors = ExhibitorApplication.objects.filter(
        mela=mela, status=ApplicationStatus.APPROVED
    ).values("group_id")
    period = Period.of_days(days[0], days[-1])
    stall = (
        StallSale.objects.filter(mela=mela, sale_day__in=days)
        .order_by()
        .values_list("group_id", "sale_day")
        .annotate(amount=Sum("total"))
    )
    online = (
        SubOrder.objects.filter(
            period.recorded_in("order__created_at"),
            producer_group__in=exhibitors,
            order__fulfilment=FulfilmentMethod.SHIP,
            order__status__in=COUNTED_ORDER_STATUSES,
        )
        .exclude(status__in=CLOSED_SUB_ORDER_STATUSES)
        .annotate(day=TruncDate("order__created_at"))
        .order_by()
        .values_list("producer_group_id", "day")
        .annotate(amount=Sum("items_total"))
    )
    collect = (
        SubOrder.objects.filter(
            period.recorded_in("delivered_at"),
            producer_group__in=exhibitors,
            order__fulfilment=FulfilmentMethod.COLLECT_AT_MELA,
            status=SubOrderStatus.DELIVERED,
        )
        .annotate(day=TruncDate("delivered_at"))
        .order_by()
        .values_list("producer_group_id", "day")
        .annotate(amount=Sum("items_total"))
    )
    rows: list[tuple[str, int, date, Decimal]] = []
    for channel, queryset in (("stall", stall), ("online", online), ("collect", collect)):
        for group_id, day, amount in queryset:
            if group_id is not None and day in days:
                rows.append((channel, group_id, day, to_money(amount or 0)))
    return rows


def mela_dashboard(
    *, mela: MelaPage, first: date | None = None, last: date | None = None
) -> MelaDashboard:
    """Sales by day, group and channel, visitors and stalls filled: six queries."""
    days = dashboard_days(mela, first, last)
    by_day = {day: DayRow(day=day) for day in days}
    # Exhibitors, and any group that recorded stall sales here (a stall later withdrawn).
    titles = dict(
        ProducerGroupPage.objects.filter(
            Q(mela_applications__mela=mela, mela_applications__status=ApplicationStatus.APPROVED)
            | Q(stall_sales__mela=mela)
        )
        .order_by()
        .distinct()
        .values_list("pk", "title")
    )
    by_group = {
        group_id: GroupRow(group_id=group_id, title=title) for group_id, title in titles.items()
    }
    channels = ChannelFigures()
    for channel, group_id, day, amount in _sales_by_group_and_day(mela, days):
        by_day[day].add(channel, amount)
        by_group[group_id].add(channel, amount)
        channels.add(channel, amount)
    visitors = dict(
        MelaVisitorCount.objects.filter(mela=mela, day__in=days).values_list("day", "visitors")
    )
    for day, row in by_day.items():
        row.visitors = visitors.get(day)
    stalls = Stall.objects.filter(mela=mela).aggregate(
        total=Count("pk", distinct=True),
        filled=Count(
            "applications", filter=Q(applications__status=ApplicationStatus.APPROVED), distinct=True
        ),
    )
    return MelaDashboard(
        days=[by_day[day] for day in days],
        groups=sorted(by_group.values(), key=lambda row: (-row.total, row.title)),
        channels=channels,
        stalls_total=stalls["total"],
        stalls_filled=stalls["filled"],
        visitors_total=sum(visitors.values()) if visitors else None,
    )
