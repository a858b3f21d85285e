"""Reads for melas. The `*_for_user` querysets are what the admin screens' permissions rest on."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalog.models import ProducerGroupPage, ProductPage, ProductVariant
from catalog.selectors import product_listing
from events.models import (
    ApplicationStatus,
    ExhibitorApplication,
    MelaPage,
    MelaVisitorCount,
    ScheduleItem,
    Stall,
    StallSale,
)
from events.models.pages import mela_today
from marketplace import page_cache
from marketplace.money import to_money
from marketplace.serving import public
from marketplace.translations import default_locale_id
from marketplace.users import AnyUser
from orders.models import CLOSED_SUB_ORDER_STATUSES, OrderStatus, SubOrder

COLLECTION_POINTS_CACHE_SECONDS = 24 * 60 * 60

# Public reads ---------------------------------------------------------------------------


def melas_public() -> QuerySet[MelaPage]:
    melas: QuerySet[MelaPage] = (
        public(MelaPage.objects.live())
        .filter(locale_id=default_locale_id())  # translations are shown through their source
        .select_related("hero_image")
    )
    return melas


def melas_upcoming(*, today: date | None = None) -> QuerySet[MelaPage]:
    """Melas that have not ended yet (including one on today), soonest first."""
    today = today or mela_today()
    return melas_public().filter(end_date__gte=today).order_by("start_date", "pk")


def melas_past(*, today: date | None = None) -> QuerySet[MelaPage]:
    today = today or mela_today()
    return melas_public().filter(end_date__lt=today).order_by("-start_date", "-pk")


def next_mela(*, today: date | None = None) -> MelaPage | None:
    """The mela on now, or else the next one to start: what the home page shows."""
    return melas_upcoming(today=today).first()


def schedule_items(*, mela: MelaPage) -> QuerySet[ScheduleItem]:
    # Through the page's own relation, so a preview shows the items being edited.
    items: QuerySet[ScheduleItem] = mela.schedule_items.select_related("artisan").order_by(
        "day", "start_time", "place", "sort_order"
    )
    return items


def schedule_for_day(*, mela: MelaPage, day: date) -> list[ScheduleItem]:
    return list(schedule_items(mela=mela).filter(day=day))


def mela_exhibitors(*, mela: MelaPage) -> QuerySet[ExhibitorApplication]:
    """Approved applications of live groups, by stall number: who exhibits where."""
    return (
        ExhibitorApplication.objects.filter(
            mela=mela, status=ApplicationStatus.APPROVED, group__live=True
        )
        .select_related("group", "group__logo", "stall")
        .order_by("stall__zone", "stall__number")
    )


def mela_products(*, mela: MelaPage) -> QuerySet[ProductPage]:
    """Live products the exhibiting groups bring to the mela (orderable online too)."""
    product_ids = ExhibitorApplication.products.through.objects.filter(
        exhibitorapplication__mela=mela,
        exhibitorapplication__status=ApplicationStatus.APPROVED,
    ).values("productpage_id")
    return product_listing().filter(pk__in=product_ids)


def stall_products(*, application: ExhibitorApplication) -> QuerySet[ProductPage]:
    """What a group brings to its stall, as shop cards (price from, in stock, photo)."""
    product_ids = ExhibitorApplication.products.through.objects.filter(
        exhibitorapplication=application
    ).values("productpage_id")
    return product_listing(sort="title").filter(pk__in=product_ids)


def exhibitor_at_stall(*, mela: MelaPage, number: str) -> tuple[Stall, ExhibitorApplication | None]:
    stall = Stall.objects.get(mela=mela, number=number)
    application = mela_exhibitors(mela=mela).filter(stall=stall).first()
    return stall, application


def stall_map(*, mela: MelaPage) -> dict[str, Any]:
    """Stalls laid out on the map grid, each with the group holding it (or None)."""
    stalls = list(Stall.objects.filter(mela=mela).order_by("map_row", "map_column"))
    holders = {
        application.stall_id: application.group for application in mela_exhibitors(mela=mela)
    }
    for stall in stalls:
        stall.holder = holders.get(stall.pk)  # type: ignore[attr-defined]  # for the template
    rows = max((stall.map_row for stall in stalls), default=0)
    columns = max((stall.map_column for stall in stalls), default=0)
    return {"stalls": stalls, "rows": rows, "columns": columns}


@dataclass(frozen=True)
class StallCollectionPoint:
    """Where a buyer may collect a group's order in person: a stall at an upcoming mela."""

    mela_id: int
    mela_title: str
    stall_number: str
    start_date: date
    end_date: date


def groups_collecting_at_upcoming_melas(
    *, today: date | None = None
) -> dict[int, list[StallCollectionPoint]]:
    """HOOK for checkout ("collect at the stall"): {producer group id: collection points}.

    A group offers collection at its stall while it holds an approved stall at a mela that
    has not ended. The orders app's checkout calls this to offer the delivery option.
    """
    today = today or mela_today()
    points: dict[int, list[StallCollectionPoint]] = defaultdict(list)
    # Plain values, not page objects: every checkout request asks, so it is kept cheap.
    applications = (
        ExhibitorApplication.objects.filter(
            status=ApplicationStatus.APPROVED,
            mela__live=True,
            mela__end_date__gte=today,
        )
        .order_by("mela__start_date", "pk")
        .values_list(
            "group_id",
            "mela_id",
            "mela__title",
            "stall__number",
            "mela__start_date",
            "mela__end_date",
        )
    )
    for group_id, mela_id, mela_title, stall_number, start_date, end_date in applications:
        points[group_id].append(
            StallCollectionPoint(
                mela_id=mela_id,
                mela_title=mela_title,
                stall_number=stall_number,
                start_date=start_date,
                end_date=end_date,
            )
        )
    return dict(points)


def groups_collecting_at_upcoming_melas_cached() -> dict[int, list[StallCollectionPoint]]:
    """groups_collecting_at_upcoming_melas for showing the checkout page, which asks on every
    visit: kept in the cache under the page-cache version, which every change that moves a
    collection point bumps (an application decided, stalls saved, a mela published or taken
    down), and under the day, which ends melas. Placing an order reads them live."""
    today = mela_today()
    key = f"collection-points:{page_cache.current_version()}:{today.isoformat()}"
    points: dict[int, list[StallCollectionPoint]] | None = cache.get(key)
    if points is None:
        points = groups_collecting_at_upcoming_melas(today=today)
        cache.set(key, points, COLLECTION_POINTS_CACHE_SECONDS)
    return points


# Permissions ----------------------------------------------------------------------------


def melas_organised_by(user: AnyUser) -> QuerySet[MelaPage]:
    """Melas whose page `user` may edit: their organisers (and platform admins)."""
    melas: QuerySet[MelaPage] = MelaPage.objects.none()
    if not user.is_authenticated:
        return melas
    melas = (
        PagePermissionPolicy(MelaPage)
        .instances_user_has_any_permission_for(user, {"change"})
        .filter(locale_id=default_locale_id())
    )  # stalls and sales hang off the source page
    return melas


def producer_groups_of(user: AnyUser) -> QuerySet[ProducerGroupPage]:
    """The producer groups whose staff `user` is (all groups for a superuser)."""
    groups: QuerySet[ProducerGroupPage] = ProducerGroupPage.objects.all()
    if not user.is_authenticated:
        return groups.none()
    if user.is_superuser:
        return groups.filter(locale_id=default_locale_id())
    return groups.filter(staff_group__in=user.groups.all())


def applications_for_user(user: AnyUser) -> QuerySet[ExhibitorApplication]:
    """Applications to melas the user organises, and their own groups' applications."""
    if not user.is_authenticated:
        return ExhibitorApplication.objects.none()
    return (
        ExhibitorApplication.objects.filter(
            Q(mela__in=melas_organised_by(user).values("pk"))
            | Q(group__in=producer_groups_of(user).values("pk"))
        )
        .select_related("mela", "group", "stall")
        .distinct()
    )


def melas_open_for_applications(*, today: date | None = None) -> list[MelaPage]:
    return [mela for mela in melas_upcoming(today=today) if mela.applications_are_open]


def groups_selling_at_mela(*, user: AnyUser, mela: MelaPage) -> QuerySet[ProducerGroupPage]:
    """The user's groups that hold an approved stall at this mela: who may record stall sales."""
    return producer_groups_of(user).filter(
        mela_applications__mela=mela, mela_applications__status=ApplicationStatus.APPROVED
    )


def free_stalls(*, mela: MelaPage) -> QuerySet[Stall]:
    taken = ExhibitorApplication.objects.filter(
        mela=mela, status=ApplicationStatus.APPROVED
    ).values("stall_id")
    return Stall.objects.filter(mela=mela).exclude(pk__in=taken).order_by("zone", "number")


def sellable_variants(*, group: ProducerGroupPage) -> QuerySet[ProductVariant]:
    return (
        ProductVariant.objects.filter(product__producer_group=group, is_active=True)
        .select_related("product")
        .order_by("product__title", "sort_order", "pk")
    )


# Report -------------------------------------------------------------------------------


def mela_online_sales_by_group_and_day(*, mela: MelaPage) -> dict[tuple[int, date], Decimal]:
    """Online order income (items, before commission) per (group id, day) during the mela,
    for orders that are paid or cash on delivery and not cancelled."""
    rows = (
        SubOrder.objects.filter(
            producer_group__in=ExhibitorApplication.objects.filter(
                mela=mela, status=ApplicationStatus.APPROVED
            ).values("group_id"),
            order__created_at__date__range=(mela.start_date, mela.end_date),
            order__status__in=[
                OrderStatus.PAID,
                OrderStatus.CASH_ON_DELIVERY,
                OrderStatus.COMPLETED,
            ],
        )
        .exclude(status__in=CLOSED_SUB_ORDER_STATUSES)
        .annotate(day=TruncDate("order__created_at"))
        .values_list("producer_group_id", "day")
        .annotate(items_sum=Sum("items_total"))
    )
    return {(group_id, day): to_money(total) for group_id, day, total in rows}


def mela_report(*, mela: MelaPage) -> dict[str, Any]:
    """Exhibitors, stalls filled, visitors, and sales at stalls and online per group and day."""
    stalls_total = Stall.objects.filter(mela=mela).count()
    exhibitors = list(mela_exhibitors(mela=mela))
    status_counts = dict(
        ExhibitorApplication.objects.filter(mela=mela)
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    online = mela_online_sales_by_group_and_day(mela=mela)

    stall_rows = (
        StallSale.objects.filter(mela=mela)
        .values("group_id", "sale_day")
        .annotate(amount=Sum("total"), items=Sum("quantity"))
    )
    by_group: dict[int, dict[str, Any]] = {}
    by_day: dict[date, dict[str, Any]] = {
        day: {"day": day, "stall": Decimal("0.00"), "online": Decimal("0.00"), "items": 0}
        for day in mela.days
    }
    group_titles = {application.group_id: application.group.title for application in exhibitors}
    group_titles.update(
        ProducerGroupPage.objects.filter(
            pk__in=[row["group_id"] for row in stall_rows]
        ).values_list("pk", "title")
    )
    for group_id, title in group_titles.items():
        by_group[group_id] = {
            "group_id": group_id,
            "title": title,
            "stall": Decimal("0.00"),
            "online": Decimal("0.00"),
            "items": 0,
        }
    for row in stall_rows:
        amount = to_money(row["amount"] or 0)
        by_group[row["group_id"]]["stall"] += amount
        by_group[row["group_id"]]["items"] += row["items"] or 0
        day_totals = by_day.setdefault(
            row["sale_day"],
            {
                "day": row["sale_day"],
                "stall": Decimal("0.00"),
                "online": Decimal("0.00"),
                "items": 0,
            },
        )
        day_totals["stall"] += amount
        day_totals["items"] += row["items"] or 0
    for (group_id, sale_day), amount in online.items():
        if group_id in by_group:
            by_group[group_id]["online"] += to_money(amount)
        if sale_day in by_day:
            by_day[sale_day]["online"] += to_money(amount)

    visitors = dict(MelaVisitorCount.objects.filter(mela=mela).values_list("day", "visitors"))
    for visit_day, day_row in by_day.items():
        day_row["visitors"] = visitors.get(visit_day)
    groups = sorted(
        by_group.values(), key=lambda row: (-row["stall"] - row["online"], row["title"])
    )
    days = [by_day[day] for day in sorted(by_day)]
    return {
        "exhibitors": exhibitors,
        "stalls_total": stalls_total,
        "stalls_filled": len(exhibitors),
        "applications": {
            ApplicationStatus(status).label: status_counts.get(status, 0)
            for status in ApplicationStatus.values
        },
        "groups": groups,
        "days": days,
        "visitors_total": sum(visitors.values()) if visitors else None,
        "stall_total": sum((row["stall"] for row in groups), Decimal("0.00")),
        "online_total": sum((row["online"] for row in groups), Decimal("0.00")),
        "online_available": True,
    }


def stall_sales_today(*, mela: MelaPage, group: ProducerGroupPage, day: date) -> dict[str, Any]:
    sales = (
        StallSale.objects.filter(mela=mela, group=group, sale_day=day)
        .select_related("variant", "variant__product")
        .order_by("-recorded_at", "-pk")
    )
    totals = sales.aggregate(amount=Sum("total"), items=Sum("quantity"))
    return {
        "sales": sales[:50],
        "amount": to_money(totals["amount"] or 0),
        "items": totals["items"] or 0,
    }
