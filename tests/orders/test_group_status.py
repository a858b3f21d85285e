"""Group status at checkout and payout: a suspended group's lines are refused (the cart says
why; placing the order writes nothing) and its payouts are held; a group pending verification
sells, but nothing is paid out until it is verified."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from catalog.models import ProductVariant
from catalog.terms.services import terms_update
from orders.finance.payout_runs import payouts_run
from orders.finance.payouts import PayoutError, payout_create
from orders.models import Order, Payout
from tests.factories import UserFactory, make_payable_group
from tests.group_status import set_status
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def test_a_suspended_groups_line_is_flagged_in_the_cart_and_refused_at_checkout(
    client, two_groups_catalog, moderator
):
    catalog = two_groups_catalog
    add_to_cart(client, catalog["shawl"], 1)
    add_to_cart(client, catalog["quilt"], 1)
    data = checkout_data(client)
    set_status(catalog["thar"], "suspended", moderator)

    cart = client.get("/cart/").content.decode()
    assert "Its producer group is not selling at the moment" in cart
    response = client.post("/checkout/", data, follow=True)

    assert "Ralli quilt: its producer group is not selling at the moment" in (
        response.content.decode()
    )
    assert Order.objects.count() == 0
    assert ProductVariant.objects.get(pk=catalog["quilt"].pk).stock == 3
    assert ProductVariant.objects.get(pk=catalog["shawl"].pk).stock == 5


def test_a_suspended_groups_product_cannot_be_added_to_the_cart(
    client, two_groups_catalog, moderator
):
    set_status(two_groups_catalog["thar"], "suspended", moderator)

    add_to_cart(client, two_groups_catalog["quilt"], 1)

    assert not client.session.get("cart")


def test_a_pending_group_sells_and_its_order_keeps_the_commission_at_sale(
    client, two_groups_catalog, moderator
):
    catalog = two_groups_catalog
    set_status(catalog["thar"], "pending", moderator)
    add_to_cart(client, catalog["quilt"], 1)

    client.post("/checkout/", checkout_data(client))
    terms_update(
        group_id=catalog["thar"].pk,
        by=moderator,
        verification_status="pending",
        commission_rate=Decimal("20.00"),
    )

    line = Order.objects.get().sub_orders.get().lines.get()
    assert line.commission_rate == Decimal("12.50")


def test_suspended_and_unverified_groups_payouts_are_held_with_the_reason(
    site_tree, settings, moderator
):
    settings.PAYOUT_MINIMUM = Decimal("1000.00")
    verified = make_payable_group("Hala Ralli Makers")
    suspended = make_payable_group("Sukkur Weavers", verification_status="suspended")
    pending = make_payable_group("Mithi Potters", verification_status="pending")

    run = payouts_run()

    assert [Payout.objects.get(pk=pk).producer_group_id for pk in run.created] == [verified.pk]
    assert run.skipped == {
        suspended.pk: "Held: group suspended.",
        pending.pk: "Held: not verified yet.",
    }
    with pytest.raises(PayoutError, match="Held: group suspended"):
        payout_create(group_id=suspended.pk)

    set_status(pending, "verified", moderator)
    assert payout_create(group_id=pending.pk).amount == Decimal("5000.00")


def test_finance_sees_held_groups_with_the_reason_among_groups_owed(client, site_tree):
    finance = UserFactory(username="finance")
    finance.user_permissions.add(*Permission.objects.filter(codename__in=["manage_payouts"]))
    finance.user_permissions.add(Permission.objects.get(codename="access_admin"))
    make_payable_group("Sukkur Weavers", verification_status="suspended")
    make_payable_group("Mithi Potters", verification_status="pending")
    client.force_login(finance)

    response = client.get(reverse("payouts"))

    rows = {row.group.title: row.problem for row in response.context["not_payable"]}
    assert rows == {
        "Sukkur Weavers": "Held: group suspended.",
        "Mithi Potters": "Held: not verified yet.",
    }
    assert "Held: group suspended." in response.content.decode()
