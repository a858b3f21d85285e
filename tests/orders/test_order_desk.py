"""The order desk in the Wagtail admin as a producer group's staff use it: only their own
sub-orders, listed, filtered and paged; the shipping details, shown once the order is paid;
packing, shipping and delivering; the packing slip; exact money. Orders are placed through
the checkout. Platform staff and finance: test_order_desk_platform.py."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import ProductVariant
from orders.desk.access import shipping_details_for, sub_order_for_desk
from orders.desk.listings import SubOrderIndexView
from orders.models import Order, SubOrderStatus
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
    monkeypatch.setattr(SubOrderIndexView, "paginate_by", 2)
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
        "0300 1234567",
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
        assert "Model Town" not in body and "1234567" not in body
    assert "this order is not paid yet" in detail
    assert "Mark packed" not in detail

    payment = submit_transfer_reference(order)
    finance = logged_in(finance_user())
    finance.post(reverse("orders_desk_transfer_verify", args=[payment.pk]), {"decision": "approve"})
    detail = text_of(staff.get(reverse("orders_desk_sub_order", args=[own.pk])))
    assert "Model Town" in detail and "Mark packed" in detail


def test_a_group_reads_the_buyers_phone_and_address_only_through_the_permitted_query(
    two_groups_catalog,
):
    catalog = two_groups_catalog
    order = place_order(catalog, payment_method="transfer")
    lahore_staff = make_staff(catalog["lahore"])
    own, other = sub_order_of(order, catalog["lahore"]), sub_order_of(order, catalog["thar"])

    # Before payment the query returns nothing, and the desk's copy of the order holds none
    # of it (a template that asked for it would not find it there).
    assert shipping_details_for(lahore_staff, own) is None
    desk_copy = sub_order_for_desk(lahore_staff, own.pk)
    assert {"contact_phone", "address_line1", "buyer_note"} <= desk_copy.order.get_deferred_fields()

    payment = submit_transfer_reference(order)
    finance = logged_in(finance_user())
    finance.post(reverse("orders_desk_transfer_verify", args=[payment.pk]), {"decision": "approve"})

    details = shipping_details_for(lahore_staff, own)
    assert details is not None and details.contact_phone == "+923001234567"
    assert shipping_details_for(lahore_staff, other) is None  # another group's parcel
    assert shipping_details_for(finance_user("finance-2"), other) is not None


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


def test_money_on_the_desk_is_exact(two_groups_catalog):
    catalog = two_groups_catalog
    order = place_order(catalog, items=("quilt",))
    thar = logged_in(make_staff(catalog["thar"]))
    own = sub_order_of(order, catalog["thar"])

    body = text_of(thar.get(reverse("orders_desk_sub_order", args=[own.pk])))

    # 9,999.99 at 12.5% commission: 1,250.00 to the platform, 8,749.99 + 300 delivery earned.
    assert own.commission_total == Decimal("1250.00")
    assert "Rs 9,999.99" in body and "Rs 1,250" in body and "Rs 9,049.99" in body
