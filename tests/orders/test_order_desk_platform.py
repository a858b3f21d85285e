"""The order desk in the Wagtail admin as platform staff and finance use it: every group's
sub-orders and the whole order, transfer references approved or rejected, orders cancelled
(their stock comes back) and card payments refunded. Orders are placed through the checkout.
Group staff: test_order_desk.py."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import ProductVariant
from orders.models import OrderStatus, PaymentStatus
from tests.factories import make_staff
from tests.orders.order_desk_support import (
    BUYER_EMAIL,
    finance_user,
    logged_in,
    place_order,
    sub_order_of,
    submit_transfer_reference,
    text_of,
)

pytestmark = pytest.mark.django_db


def test_platform_staff_see_every_groups_sub_orders_and_the_whole_order(two_groups_catalog):
    catalog = two_groups_catalog
    order = place_order(catalog, contact_email=BUYER_EMAIL)
    finance = logged_in(finance_user())

    listing = finance.get(reverse("orders_desk"))
    assert len(listing.context["sub_orders"]) == 2
    assert "Producer group" in text_of(listing)
    by_group = finance.get(reverse("orders_desk"), {"group": catalog["thar"].pk})
    assert [s.producer_group_id for s in by_group.context["sub_orders"]] == [catalog["thar"].pk]

    whole = finance.get(reverse("orders_desk_order", args=[order.pk]))
    assert whole.status_code == 200
    body = text_of(whole)
    assert "Phulkari shawl" in body and "Ralli quilt" in body and BUYER_EMAIL in body
    assert "Cancel the order" in body
    thar_part = sub_order_of(order, catalog["thar"])
    assert finance.get(reverse("orders_desk_sub_order", args=[thar_part.pk])).status_code == 200


def test_finance_approves_and_rejects_transfer_references(two_groups_catalog):
    catalog = two_groups_catalog
    approved = place_order(catalog, items=("shawl",), payment_method="transfer")
    rejected = place_order(catalog, items=("quilt",), payment_method="transfer")
    good = submit_transfer_reference(approved, "JC-1001")
    bad = submit_transfer_reference(rejected, "JC-9999")
    finance_member = finance_user()
    finance = logged_in(finance_member)

    listing = finance.get(reverse("orders_desk_transfers"))
    assert [payment.pk for payment in listing.context["payments"]] == [good.pk, bad.pk]
    assert "JC-1001" in text_of(listing)
    assert "2 transfers awaiting verification" in text_of(finance.get(reverse("orders_desk")))

    verify = "orders_desk_transfer_verify"
    finance.post(reverse(verify, args=[good.pk]), {"decision": "approve", "note": "seen"})
    finance.post(reverse(verify, args=[bad.pk]), {"decision": "reject", "note": "no such TX"})

    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert approved.status == OrderStatus.PAID
    assert rejected.payment_status == PaymentStatus.PENDING
    assert approved.history.filter(changed_by=finance_member, note="seen").exists()
    assert "No transfers are waiting" in text_of(finance.get(reverse("orders_desk_transfers")))
    # A decided transfer is no longer one to verify: deciding again is a 404.
    again = finance.post(reverse(verify, args=[good.pk]), {"decision": "reject"})
    assert again.status_code == 404
    approved.refresh_from_db()
    assert approved.status == OrderStatus.PAID


def test_platform_staff_cancel_an_order_and_its_stock_comes_back(two_groups_catalog):
    catalog = two_groups_catalog
    order = place_order(catalog)
    assert ProductVariant.objects.get(pk=catalog["quilt"].pk).stock == 2
    finance = logged_in(finance_user())
    cancel = reverse("orders_desk_order_cancel", args=[order.pk])

    without_reason = finance.post(cancel, {"reason": ""})
    assert without_reason.status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.CASH_ON_DELIVERY

    finance.post(cancel, {"reason": "Buyer asked on the phone"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert set(order.sub_orders.values_list("status", flat=True)) == {"cancelled"}
    assert ProductVariant.objects.get(pk=catalog["quilt"].pk).stock == 3
    assert "Cancel the order" not in text_of(
        finance.get(reverse("orders_desk_order", args=[order.pk]))
    )


def test_shipped_orders_are_not_cancelled_from_the_desk(two_groups_catalog):
    catalog = two_groups_catalog
    order = place_order(catalog)
    staff = logged_in(make_staff(catalog["lahore"]))
    own = sub_order_of(order, catalog["lahore"])
    advance = reverse("orders_desk_sub_order_advance", args=[own.pk])
    staff.post(advance, {"to_status": "packed"})
    staff.post(advance, {"to_status": "shipped", "courier": "TCS", "tracking_number": "T-1"})

    finance = logged_in(finance_user())
    response = finance.post(
        reverse("orders_desk_order_cancel", args=[order.pk]), {"reason": "x"}, follow=True
    )
    assert "cannot be cancelled now" in text_of(response)
    order.refresh_from_db()
    assert order.status == OrderStatus.CASH_ON_DELIVERY


def test_finance_refunds_part_then_all_of_a_card_order_from_the_desk(
    client, settings, two_groups_catalog
):
    from tests.fakes.stripe_server import FakeStripe, deliver, event
    from tests.orders.test_stripe_checkout import place_card_order

    with FakeStripe() as stripe_server:
        stripe_server.configure(settings)
        order, session_id = place_card_order(client, two_groups_catalog["shawl"], 2)
        deliver(client, event("checkout.session.completed", stripe_server.pay(session_id)))
        finance = logged_in(finance_user())
        refund = reverse("orders_desk_order_refund", args=[order.pk])

        unconfirmed = finance.post(refund, {"amount": "200.00"})
        too_much = finance.post(refund, {"amount": "9200.01", "confirm": "on"}, follow=True)
        assert unconfirmed.status_code == 400
        assert "Nothing was refunded: Refund between Rs 0.01 and Rs 9,200" in text_of(too_much)
        assert stripe_server.posts("/v1/refunds") == []

        finance.post(refund, {"amount": "200.00", "confirm": "on"})
        order.refresh_from_db()
        assert order.status == OrderStatus.PAID
        assert order.payments.get().refunded_amount == Decimal("200.00")

        done = finance.post(refund, {"amount": "", "confirm": "on"}, follow=True)
        order.refresh_from_db()
        assert (order.status, order.payment_status) == ("refunded", "refunded")
        assert [r["params"]["amount"] for r in stripe_server.posts("/v1/refunds")] == [
            "20000",
            "900000",
        ]
        assert "Refund the card payment" not in text_of(done)
