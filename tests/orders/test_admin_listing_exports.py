"""The admin listings on Wagtail's IndexView, through their real views: CSV downloads that
write formula-looking text as text and money as numbers, and that carry only the rows the
listing shows the user (a group's staff never download another group's orders); sorting by a
column, and the filters' query parameters."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from orders.finance.payouts import payout_create
from orders.models import Order, Payment
from tests.factories import make_payable_group, make_staff
from tests.orders.order_desk_support import (
    finance_user,
    logged_in,
    place_order,
    sub_order_of,
    submit_transfer_reference,
)
from tests.orders.test_export_formulas import FORMULA_PAYLOADS

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())  # Excel reads Urdu names as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def assert_no_live_formula(rows) -> None:
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


def test_order_desk_csv_has_only_the_groups_own_sub_orders_with_buyer_names_as_text(
    two_groups_catalog,
):
    catalog = two_groups_catalog
    mixed = place_order(catalog)
    thar_only = place_order(catalog, items=("quilt",))
    Order.objects.filter(pk=mixed.pk).update(contact_name=FORMULA_PAYLOADS[0])
    Order.objects.filter(pk=thar_only.pk).update(contact_name="Zarina Thar")
    staff = logged_in(make_staff(catalog["lahore"]))
    desk = reverse("orders_desk")

    for query in (
        {},
        {"group": catalog["thar"].pk},
        {"q": thar_only.number},
        {"ordering": "total"},
    ):
        rows = csv_rows(staff.get(desk, {**query, "export": "csv"}))
        numbers = [row[0] for row in rows[1:]]
        assert thar_only.number not in numbers and "Zarina Thar" not in str(rows)
        assert_no_live_formula(rows)
    rows = csv_rows(staff.get(desk, {"export": "csv"}))
    assert rows[0][:5] == ["Order", "Placed", "Buyer", "Items", "Total"]  # no group column
    lahore_part = sub_order_of(mixed, catalog["lahore"])
    assert rows[1][0] == mixed.number
    assert rows[1][2] == "'" + FORMULA_PAYLOADS[0]
    assert rows[1][4] == f"{lahore_part.total:.2f}"  # money as a number


def test_order_desk_sorts_by_a_column_and_keeps_the_filters_in_its_links(two_groups_catalog):
    catalog = two_groups_catalog
    cheap = place_order(catalog, items=("shawl",))
    dear = place_order(catalog, items=("quilt",))
    finance = logged_in(finance_user())
    desk = reverse("orders_desk")

    by_total = finance.get(desk, {"ordering": "total"}).context["sub_orders"]
    assert [sub_order.order_id for sub_order in by_total] == [cheap.pk, dear.pk]
    by_total_desc = finance.get(desk, {"ordering": "-total"}).context["sub_orders"]
    assert [sub_order.order_id for sub_order in by_total_desc] == [dear.pk, cheap.pk]
    page = finance.get(desk, {"status": "new"}).content.decode()
    assert "?status=new&amp;ordering=total" in page  # the column header keeps the filter
    unknown = finance.get(desk, {"ordering": "payment_intent"})
    assert unknown.status_code == 200 and len(unknown.context["sub_orders"]) == 2


def test_transfers_csv_writes_the_buyers_reference_as_text(two_groups_catalog):
    order = place_order(two_groups_catalog, items=("shawl",), payment_method="transfer")
    payment = submit_transfer_reference(order)
    Payment.objects.filter(pk=payment.pk).update(reference="=HYPERLINK(1)")
    finance = logged_in(finance_user())

    rows = csv_rows(finance.get(reverse("orders_desk_transfers"), {"export": "csv"}))

    assert rows[0] == ["Order", "Buyer", "Submitted", "Via", "Reference", "Amount due"]
    assert rows[1][0] == order.number and rows[1][4] == "'=HYPERLINK(1)"
    assert rows[1][5] == f"{payment.amount:.2f}"
    assert_no_live_formula(rows)
    staff = logged_in(make_staff(two_groups_catalog["lahore"]))
    refused = staff.get(reverse("orders_desk_transfers"), {"export": "csv"})
    assert refused.status_code in (302, 403) and order.number not in refused.content.decode()


def test_payouts_csv_writes_group_names_as_text_and_amounts_as_numbers():
    for index, payload in enumerate(FORMULA_PAYLOADS):
        group = make_payable_group(payload, slug=f"formula-{index}", earned=Decimal("1800.00"))
        payout_create(group_id=group.pk)
    finance = logged_in(finance_user())

    rows = csv_rows(finance.get(reverse("payouts"), {"export": "csv"}))

    assert rows[0][:3] == ["Payout", "Producer group", "Amount"]
    assert {row[1] for row in rows[1:]} == {"'" + payload for payload in FORMULA_PAYLOADS}
    assert {row[2] for row in rows[1:]} == {"1800.00"}
    assert_no_live_formula(rows)
    only_paid = csv_rows(finance.get(reverse("payouts"), {"status": "paid", "export": "csv"}))
    assert only_paid[1:] == []


def test_statements_csv_lists_balances_as_numbers_for_finance_only():
    for index, payload in enumerate(FORMULA_PAYLOADS[:3]):
        make_payable_group(payload, slug=f"formula-{index}", earned=Decimal("1800.00"))
    finance = logged_in(finance_user())

    rows = csv_rows(finance.get(reverse("statements"), {"export": "csv", "ordering": "group"}))

    assert rows[0] == ["Producer group", "Balance", "Available for payout", "Cash with courier"]
    by_group = {row[0]: row for row in rows[1:]}
    for payload in FORMULA_PAYLOADS[:3]:
        assert by_group["'" + payload][1:3] == ["1800.00", "1800.00"]
    assert_no_live_formula(rows)
