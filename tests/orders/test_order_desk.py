"""The order desk in the Wagtail admin: groups ship their own sub-orders, platform staff see
every order, verify transfers, cancel and refund. Orders are placed through the checkout."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from catalog.models import ProductVariant
from orders.admin_views import sub_orders as sub_order_views
from orders.models import Order, OrderStatus, Payment, PaymentStatus, SubOrder, SubOrderStatus
from tests.factories import UserFactory, make_staff
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db

BUYER_EMAIL = "ayesha.private@example.org"


def place_order(catalog, items=("shawl", "quilt"), *, buyer=None, **changes) -> Order:
    """An order placed by a buyer through the cart and checkout (cash on delivery unless told)."""
    client = Client()
    if buyer is not None:
        client.force_login(buyer)
    for name in items:
        add_to_cart(client, catalog[name])
    response = client.post("/checkout/", checkout_data(client, **changes))
    assert response.status_code == 302, response.content[:500]
    order = Order.objects.latest("pk")
    order.buyer_client = client
    return order


def submit_transfer_reference(order: Order, reference: str = "TX-44120") -> Payment:
    order.buyer_client.post(
        order.get_absolute_url(), {"provider": "jazzcash", "reference": reference}
    )
    return Payment.objects.get(order=order, reference=reference)


def finance_user(username: str = "finance"):
    """A platform finance member, given exactly what the Finance group (a migration) grants."""
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Finance"))
    return user


def sub_order_of(order: Order, group) -> SubOrder:
    return order.sub_orders.get(producer_group=group)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return WagtailTestUtils.get_soup(response.content).get_text(" ", strip=True)


def test_group_staff_list_only_their_own_sub_orders(two_groups_catalog):
    catalog = two_groups_catalog
    mixed = place_order(catalog)
    thar_only = place_order(catalog, items=("quilt",), contact_name="Zarina Thar")
    staff = logged_in(make_staff(catalog["lahore"]))

    response = staff.get(reverse("orders_desk"))

    assert response.status_code == 200
    listed = list(response.context["sub_orders"])
    assert listed == [sub_order_of(mixed, catalog["lahore"])]
    body = text_of(response)
    assert mixed.number in body and "Ayesha Khan" in body
    assert thar_only.number not in body and "Zarina" not in body
    assert "Producer group" not in body  # only platform staff get the group column and filter


def test_group_staff_filter_by_status_payment_date_and_search(two_groups_catalog):
    catalog = two_groups_catalog
    lahore = catalog["lahore"]
    ProductVariant.objects.filter(pk=catalog["shawl"].pk).update(stock=20)
    cod = place_order(catalog, items=("shawl",), contact_name="Bushra Cod")
    transfer = place_order(
        catalog, items=("shawl",), contact_name="Sadia Transfer", payment_method="transfer"
    )
    old = place_order(catalog, items=("shawl",), contact_name="Old Order")
    Order.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    staff_user = make_staff(lahore)
    staff = logged_in(staff_user)
    packed = sub_order_of(cod, lahore)
    staff.post(reverse("orders_desk_sub_order_advance", args=[packed.pk]), {"to_status": "packed"})

    def numbers(**query) -> set[str]:
        response = staff.get(reverse("orders_desk"), query)
        assert response.status_code == 200
        return {sub_order.order.number for sub_order in response.context["sub_orders"]}

    assert numbers() == {cod.number, transfer.number, old.number}
    assert numbers(status="packed") == {cod.number}
    assert numbers(status="new") == {transfer.number, old.number}
    assert numbers(payment_status="pending") == {transfer.number}
    assert numbers(payment_status="cod") == {cod.number, old.number}
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert numbers(placed_from=since) == {cod.number, transfer.number}
    assert numbers(placed_to=since) == {old.number}
    assert numbers(q=transfer.number) == {transfer.number}
    assert numbers(q="bushra") == {cod.number}
    assert numbers(q="nobody-like-this") == set()
    assert numbers(status="not-a-status") == {cod.number, transfer.number, old.number}

    empty = staff.get(reverse("orders_desk"), {"q": "nobody-like-this"})
    assert "No sub-orders match these filters." in text_of(empty)


def test_listing_pages_through_sub_orders_keeping_the_filters(two_groups_catalog, monkeypatch):
    catalog = two_groups_catalog
    ProductVariant.objects.filter(pk=catalog["shawl"].pk).update(stock=20)
    orders = [place_order(catalog, items=("shawl",)) for _ in range(5)]
    monkeypatch.setattr(sub_order_views, "PER_PAGE", 2)
    staff = logged_in(make_staff(catalog["lahore"]))

    first = staff.get(reverse("orders_desk"), {"status": "new"})
    third = staff.get(reverse("orders_desk"), {"status": "new", "p": "3"})

    assert [s.order.number for s in first.context["sub_orders"]] == [
        orders[4].number,
        orders[3].number,
    ]
    assert [s.order.number for s in third.context["sub_orders"]] == [orders[0].number]
    assert "status=new&amp;p=2" in first.content.decode()
    assert "Page 1 of 3" in text_of(first)


def test_listing_queries_do_not_grow_with_the_number_of_orders(
    two_groups_catalog, django_assert_max_num_queries
):
    catalog = two_groups_catalog
    ProductVariant.objects.filter(pk=catalog["shawl"].pk).update(stock=20)
    staff = logged_in(make_staff(catalog["lahore"]))
    place_order(catalog, items=("shawl",))
    staff.get(reverse("orders_desk"))  # warm the session and Wagtail's per-user caches
    with django_assert_max_num_queries(30) as few:
        staff.get(reverse("orders_desk"))
        baseline = len(few)
    for _ in range(6):
        place_order(catalog, items=("shawl",))
    with django_assert_max_num_queries(baseline):
        response = staff.get(reverse("orders_desk"))
    assert len(response.context["sub_orders"]) == 7


def test_a_new_group_sees_an_empty_desk_with_an_explanation(two_groups_catalog):
    staff = logged_in(make_staff(two_groups_catalog["lahore"]))
    response = staff.get(reverse("orders_desk"))
    assert "No orders yet." in text_of(response)


def test_sub_order_shows_own_lines_and_only_the_shipping_details(two_groups_catalog):
    catalog = two_groups_catalog
    order = place_order(catalog, contact_email=BUYER_EMAIL, buyer_note="Please call before coming.")
    staff = logged_in(make_staff(catalog["lahore"]))
    own = sub_order_of(order, catalog["lahore"])

    response = staff.get(reverse("orders_desk_sub_order", args=[own.pk]))

    assert response.status_code == 200
    body = text_of(response)
    for shown in (
        "Phulkari shawl",
        "Ayesha Khan",
        "+923001234567",
        "House 12, Street 4, Model Town",
        "Please call before coming.",
        order.number,
    ):
        assert shown in body, shown
    for hidden in ("Ralli quilt", "Thar Ralli Cooperative", BUYER_EMAIL, order.access_token):
        assert hidden not in response.content.decode(), hidden
    assert "Mark packed" in body


def test_phone_and_address_wait_until_the_order_is_paid(two_groups_catalog):
    catalog = two_groups_catalog
    order = place_order(catalog, items=("shawl",), payment_method="transfer")
    staff = logged_in(make_staff(catalog["lahore"]))
    own = sub_order_of(order, catalog["lahore"])

    detail = text_of(staff.get(reverse("orders_desk_sub_order", args=[own.pk])))
    slip = text_of(staff.get(reverse("orders_desk_packing_slip", args=[own.pk])))

    for body in (detail, slip):
        assert "Ayesha Khan" in body
        assert "Model Town" not in body and "+923001234567" not in body
    assert "this order is not paid yet" in detail
    assert "Mark packed" not in detail

    payment = submit_transfer_reference(order)
    finance = logged_in(finance_user())
    finance.post(reverse("orders_desk_transfer_verify", args=[payment.pk]), {"decision": "approve"})
    detail = text_of(staff.get(reverse("orders_desk_sub_order", args=[own.pk])))
    assert "Model Town" in detail and "Mark packed" in detail


def test_group_staff_pack_ship_and_deliver_from_the_desk(two_groups_catalog):
    catalog = two_groups_catalog
    order = place_order(catalog)
    staff_user = make_staff(catalog["lahore"])
    staff = logged_in(staff_user)
    own = sub_order_of(order, catalog["lahore"])
    advance = reverse("orders_desk_sub_order_advance", args=[own.pk])
    detail = reverse("orders_desk_sub_order", args=[own.pk])

    assert staff.post(advance, {"to_status": "packed"}).status_code == 302
    own.refresh_from_db()
    assert own.status == SubOrderStatus.PACKED

    page = staff.get(detail)
    assert "Mark shipped" in text_of(page) and "Courier" in text_of(page)
    refused = staff.post(advance, {"to_status": "shipped", "courier": "TCS"})
    assert refused.status_code == 400
    assert "Required to mark the parcel shipped." in text_of(refused)
    own.refresh_from_db()
    assert own.status == SubOrderStatus.PACKED

    skipped = staff.post(advance, {"to_status": "delivered"}, follow=True)
    assert "cannot become Delivered" in text_of(skipped)
    own.refresh_from_db()
    assert own.status == SubOrderStatus.PACKED

    staff.post(advance, {"to_status": "shipped", "courier": "TCS", "tracking_number": "TCS-77"})
    own.refresh_from_db()
    assert (own.status, own.courier, own.tracking_number) == ("shipped", "TCS", "TCS-77")
    staff.post(advance, {"to_status": "delivered"})
    own.refresh_from_db()
    assert own.status == SubOrderStatus.DELIVERED
    changes = own.history.values_list("new_value", "changed_by")
    assert list(changes) == [
        ("packed", staff_user.pk),
        ("shipped", staff_user.pk),
        ("delivered", staff_user.pk),
    ]
    assert "Delivered" in text_of(staff.get(detail))


def test_packing_slip_prints_the_groups_lines_and_the_cash_to_collect(two_groups_catalog):
    catalog = two_groups_catalog
    order = place_order(catalog, contact_email=BUYER_EMAIL)
    staff = logged_in(make_staff(catalog["lahore"]))
    own = sub_order_of(order, catalog["lahore"])

    response = staff.get(reverse("orders_desk_packing_slip", args=[own.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    body = text_of(response)
    assert "@media print" in html
    assert "Phulkari shawl" in body and own.lines.get().sku in body
    assert "Model Town" in body and order.number in body
    assert "Rs 4,700" in body  # 4,500 for the shawl + 200 delivery, the Lahore parcel alone
    assert "Ralli quilt" not in body and BUYER_EMAIL not in html
    assert "wagtail" not in html.lower()  # a page of its own: no admin menu on the paper


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


def test_money_on_the_desk_is_exact(two_groups_catalog):
    catalog = two_groups_catalog
    order = place_order(catalog, items=("quilt",))
    thar = logged_in(make_staff(catalog["thar"]))
    own = sub_order_of(order, catalog["thar"])

    body = text_of(thar.get(reverse("orders_desk_sub_order", args=[own.pk])))

    # 9,999.99 at 12.5% commission: 1,250.00 to the platform, 8,749.99 + 300 delivery earned.
    assert own.commission_total == Decimal("1250.00")
    assert "Rs 9,999.99" in body and "Rs 1,250" in body and "Rs 9,049.99" in body
