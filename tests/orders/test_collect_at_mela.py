"""Buyers may collect at the stall when every group in the cart exhibits at a coming mela."""

from decimal import Decimal

import pytest

from events.models.pages import mela_today
from orders.models import Order
from tests.factories import make_application, make_mela, make_stall
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def lahore_at_mela(two_groups_catalog):
    mela = make_mela(start=mela_today(), days=3)
    make_application(
        mela, two_groups_catalog["lahore"], status="approved", stall=make_stall(mela, "B-7")
    )
    return mela


def test_collect_at_the_stall_has_no_delivery_charge(client, two_groups_catalog, lahore_at_mela):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    assert 'value="collect"' in client.get("/checkout/").content.decode()

    data = checkout_data(client, fulfilment="collect", province="", city="", address_line1="")
    response = client.post("/checkout/", data)

    order = Order.objects.get()
    assert response.status_code == 302
    assert order.delivery_total == Decimal("0.00")
    part = order.sub_orders.get()
    assert part.collection_point == f"{lahore_at_mela.title}, stall B-7"
    assert "stall B-7" in client.get(order.get_absolute_url()).content.decode()


def test_no_collection_when_a_group_in_the_cart_does_not_exhibit(
    client, two_groups_catalog, lahore_at_mela
):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    add_to_cart(client, two_groups_catalog["quilt"], 1)  # Thar has no stall
    assert 'value="collect"' not in client.get("/checkout/").content.decode()
    client.post("/checkout/", checkout_data(client, fulfilment="collect"))
    assert Order.objects.count() == 0


def test_the_checkout_offers_collection_as_soon_as_an_organiser_approves(
    client, two_groups_catalog
):
    """The checkout page keeps the collection points in the cache: a decision must reach it."""
    from events.services import application_decide
    from tests.factories import make_organiser

    mela = make_mela(start=mela_today(), days=3)
    application = make_application(mela, two_groups_catalog["lahore"])
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    assert 'value="collect"' not in client.get("/checkout/").content.decode()

    application_decide(
        application_id=application.pk,
        user=make_organiser(mela),
        decision="approved",
        stall_id=make_stall(mela, "C-2").pk,
    )

    assert 'value="collect"' in client.get("/checkout/").content.decode()
