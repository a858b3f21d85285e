"""A transfer reference already given on another order is flagged, and finance is warned."""

import pytest
from django.urls import reverse

from orders.finance.transfer_references import transfer_reference_key
from orders.models import Payment
from tests.orders.test_order_desk import (
    finance_user,
    logged_in,
    place_order,
    text_of,
)

pytestmark = pytest.mark.django_db


def submit(order, reference: str, provider: str = "jazzcash") -> Payment:
    order.buyer_client.post(
        order.get_absolute_url(), {"provider": provider, "reference": reference}
    )
    return Payment.objects.get(order=order)


def test_references_are_compared_without_spaces_or_case():
    assert transfer_reference_key("  jc 1001-ab \t") == transfer_reference_key("JC1001-AB")
    assert transfer_reference_key("JC-1001") != transfer_reference_key("JC-1002")


def test_a_reference_given_on_another_order_is_flagged_and_shown_to_finance(
    two_groups_catalog,
):
    first_order = place_order(two_groups_catalog, items=("shawl",), payment_method="transfer")
    second_order = place_order(two_groups_catalog, items=("quilt",), payment_method="transfer")
    first = submit(first_order, "JC-1001 ab")
    second = submit(second_order, " jc-1001AB ")

    assert first.reference_reused_from is None
    assert second.reference_reused_from == first

    listing = logged_in(finance_user()).get(reverse("orders_desk_transfers"))
    waiting = listing.context["payments"]  # both still wait for finance
    assert [payment.pk for payment in waiting] == [first.pk, second.pk]
    page = text_of(listing)
    assert f"This reference was already given on order {first_order.number}" in page
    assert f"The same reference was given later on order {second_order.number}" in page
    link = reverse("orders_desk_order", args=[first_order.pk])
    assert f'href="{link}"' in listing.content.decode()


def test_the_same_reference_with_another_provider_is_not_flagged(two_groups_catalog):
    first_order = place_order(two_groups_catalog, items=("shawl",), payment_method="transfer")
    second_order = place_order(two_groups_catalog, items=("quilt",), payment_method="transfer")
    submit(first_order, "TX-555001", provider="jazzcash")

    second = submit(second_order, "TX-555001", provider="easypaisa")

    assert second.reference_reused_from is None
    page = text_of(logged_in(finance_user()).get(reverse("orders_desk_transfers")))
    assert "already given on order" not in page and "given later on order" not in page
