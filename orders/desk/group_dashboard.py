"""The dashboard panel of a producer group's staff: add a product, and what needs them now
(products waiting for a moderator, new orders to pack, variants running low).

Everything is read through the user's own groups (orders.selectors.producer_groups_of) and the
products they may edit, so the panel cannot show another group's products or orders.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from catalog.models import ProducerGroupPage, ProductPage, ProductVariant
from catalog.selectors import (
    products_awaiting_moderation,
    products_editable_by,
    variants_low_in_stock,
)
from orders.lifecycle.sub_orders import READY_TO_SHIP
from orders.models import SubOrder, SubOrderStatus
from orders.selectors import producer_groups_of

# Each list shows the first few; its count says how many there are in all.
ROWS_SHOWN = 5


@dataclass
class GroupWork:
    group: ProducerGroupPage
    add_product_url: str
    awaiting_moderation: list[ProductPage]
    awaiting_moderation_count: int
    to_pack: list[SubOrder]
    to_pack_count: int
    low_stock: list[ProductVariant]
    low_stock_count: int


def sub_orders_to_pack(groups: QuerySet[ProducerGroupPage]) -> QuerySet[SubOrder]:
    """New sub-orders of `groups` whose order is paid or cash on delivery: ready to pack."""
    return (
        SubOrder.objects.filter(
            producer_group__in=groups,
            status=SubOrderStatus.NEW,
            order__status__in=READY_TO_SHIP,
        )
        .select_related("order")
        .order_by("order__created_at", "pk")
    )


def group_work_for(user) -> list[GroupWork]:
    """One entry per producer group whose staff `user` belongs to (usually one)."""
    editable = products_editable_by(user)
    work = []
    for group in producer_groups_of(user).order_by("title"):
        groups = ProducerGroupPage.objects.filter(pk=group.pk)
        products = editable.filter(producer_group=group)
        waiting = products_awaiting_moderation(products).order_by("-latest_revision_created_at")
        to_pack = sub_orders_to_pack(groups)
        low = variants_low_in_stock(products)
        work.append(
            GroupWork(
                group=group,
                add_product_url=reverse(
                    "wagtailadmin_pages:add", args=("catalog", "productpage", group.pk)
                ),
                awaiting_moderation=list(waiting[:ROWS_SHOWN]),
                awaiting_moderation_count=waiting.count(),
                to_pack=list(to_pack[:ROWS_SHOWN]),
                to_pack_count=to_pack.count(),
                low_stock=list(low[:ROWS_SHOWN]),
                low_stock_count=low.count(),
            )
        )
    return work


class GroupStaffPanel(Component):
    """First on the dashboard of a producer group's staff."""

    name = "group_staff"
    order = 50
    template_name = "orders/admin/group_staff_panel.html"

    def __init__(self, work: list[GroupWork]):
        self.work = work

    def get_context_data(self, parent_context=None):
        return {"work": self.work, "orders_url": reverse("orders_desk")}


@hooks.register("construct_homepage_panels")
def add_group_staff_panel(request, panels):
    work = group_work_for(request.user)
    if work:
        panels.insert(0, GroupStaffPanel(work))
