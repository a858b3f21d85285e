"""The dashboard panel of a producer group's staff: "Add a product", their products waiting
for a moderator, new orders to pack and low stock, and never another group's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailTestUtils

from orders.desk.group_dashboard import GroupStaffPanel, group_work_for
from tests.factories import make_product, make_staff
from tests.orders.order_desk_support import place_order

pytestmark = pytest.mark.django_db


def submitted_for_moderation(group, title, staff):
    product = make_product(group, title, publish=False)
    product.save_revision(user=staff)
    product.get_workflow().start(product, staff)
    return product


def panel_of(client):
    page = WagtailTestUtils.get_soup(client.get("/admin/").content)
    return page.select("[data-testid=group-staff-panel]")


def texts(panel, testid):
    items = panel.select(f"[data-testid={testid}] li")
    return [" ".join(item.get_text(" ", strip=True).split()) for item in items]


def test_group_staff_see_their_own_work_and_never_another_groups(client, two_groups_catalog):
    lahore, thar = two_groups_catalog["lahore"], two_groups_catalog["thar"]
    lahore_staff, thar_staff = make_staff(lahore), make_staff(thar)
    submitted_for_moderation(lahore, "Lahore cushion in review", lahore_staff)
    submitted_for_moderation(thar, "Thar quilt in review", thar_staff)
    order = place_order(two_groups_catalog)  # cash on delivery: both groups have a parcel to pack
    client.force_login(lahore_staff)

    panels = panel_of(client)

    assert len(panels) == 1
    panel = panels[0]
    add = next(link for link in panel("a") if link.get_text(strip=True) == "Add a product")
    assert add["href"] == f"/admin/pages/add/catalog/productpage/{lahore.pk}/"
    assert texts(panel, "awaiting-moderation") == ["Lahore cushion in review"]
    assert [text.split(" · ")[0] for text in texts(panel, "orders-to-pack")] == [order.number]
    # The shawl had 5 and one was ordered; the cushion in review has 5 too.
    assert texts(panel, "low-stock") == [
        "Phulkari shawl : 4 left",
        "Lahore cushion in review : 5 left",
    ]
    everything = panel.get_text(" ")
    assert "Thar" not in everything and "Ralli quilt" not in everything
    sub_order = order.sub_orders.get(producer_group=lahore)
    assert panel.find("a", href=f"/admin/orders/sub-orders/{sub_order.pk}/") is not None


def panel_html(user) -> str:
    return GroupStaffPanel(group_work_for(user)).render_html({})


def test_the_panel_costs_the_same_queries_for_one_or_many_products(two_groups_catalog):
    lahore = two_groups_catalog["lahore"]
    staff = make_staff(lahore)
    submitted_for_moderation(lahore, "Cushion", staff)
    place_order(two_groups_catalog, items=("shawl",))
    panel_html(staff)  # content types cached
    with CaptureQueriesContext(connection) as few:
        panel_html(staff)
    for index in range(4):
        submitted_for_moderation(lahore, f"Cushion {index}", staff)
        place_order(two_groups_catalog, items=("shawl",))
    with CaptureQueriesContext(connection) as many:
        html = panel_html(staff)
    assert "Cushion 3" in html
    assert len(many) == len(few)


def test_platform_staff_without_a_group_get_no_group_panel(client, two_groups_catalog, moderator):
    client.force_login(moderator)
    assert panel_of(client) == []
