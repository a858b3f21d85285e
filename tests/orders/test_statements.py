"""Statements in the admin: a group's staff see only their own; finance staff see every group."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from orders.lifecycle.sub_orders import sub_order_advance
from orders.models import LedgerEntry, Order, SubOrder
from tests.factories import UserFactory, make_staff
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db

# The shawl (Rs 4,500) less 10% commission, plus the Rs 200 delivery charge.
LAHORE_EARNINGS = Decimal("4250.00")


def deliver(sub_order: SubOrder, user) -> None:
    for step, extra in (
        ("packed", {}),
        ("shipped", {"courier": "TCS", "tracking_number": "TCS-1"}),
        ("delivered", {}),
    ):
        sub_order_advance(user=user, sub_order_id=sub_order.pk, to_status=step, **extra)


@pytest.fixture
def ledger(client, two_groups_catalog):
    """A cash-on-delivery order delivered by both groups: entries for each group."""
    catalog = two_groups_catalog
    add_to_cart(client, catalog["shawl"], 1)
    add_to_cart(client, catalog["quilt"], 1)
    client.post("/checkout/", checkout_data(client))
    order = Order.objects.latest("pk")
    staff = {name: make_staff(catalog[name]) for name in ("lahore", "thar")}
    for name in ("lahore", "thar"):
        deliver(order.sub_orders.get(producer_group=catalog[name]), staff[name])
    client.logout()
    return {**catalog, "order": order, "staff": staff}


@pytest.fixture
def finance():
    user = UserFactory(username="finance")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_all_orders"),
    )
    return user


def url(group, suffix: str = "") -> str:
    return f"/admin/statements/{group.pk}/{suffix}"


def entry_ids(group) -> set[str]:
    return {
        str(pk)
        for pk in LedgerEntry.objects.filter(producer_group=group).values_list("pk", flat=True)
    }


def shown_entries(html: str) -> set[str]:
    return set(re.findall(r'data-entry="(\d+)"', html))


def test_group_staff_see_their_own_statement_with_balance_and_entries(client, ledger):
    lahore = ledger["lahore"]
    client.force_login(ledger["staff"]["lahore"])

    index = client.get("/admin/statements/")
    assert index.status_code == 302 and index["Location"] == url(lahore)
    response = client.get(url(lahore))

    assert response.status_code == 200
    html = response.content.decode()
    assert shown_entries(html) == entry_ids(lahore) != set()
    assert shown_entries(html).isdisjoint(entry_ids(ledger["thar"]))
    assert response.context["balance"].balance == LAHORE_EARNINGS
    assert "No payouts yet." in html
    rows = response.context["rows"]
    assert rows[0].balance_after == LAHORE_EARNINGS  # newest first, running balance


def test_a_group_cannot_see_another_groups_statement(client, ledger):
    client.force_login(ledger["staff"]["lahore"])
    thar = ledger["thar"]

    for suffix in ("", "csv/", "print/"):
        assert client.get(url(thar, suffix)).status_code == 404
    csv_text = client.get(url(ledger["lahore"], "csv/")).content.decode("utf-8-sig")
    assert "-1250.00" not in csv_text and "9999.99" not in csv_text  # none of Thar's entries
    assert shown_entries(client.get(url(ledger["lahore"], "print/")).content.decode()).isdisjoint(
        entry_ids(thar)
    )


def test_finance_staff_see_every_group(client, ledger, finance):
    client.force_login(finance)

    index = client.get("/admin/statements/")
    assert index.status_code == 200
    listed = {group.pk for group in index.context["groups"]}
    assert {ledger["lahore"].pk, ledger["thar"].pk} <= listed
    for group in (ledger["lahore"], ledger["thar"]):
        response = client.get(url(group))
        assert shown_entries(response.content.decode()) == entry_ids(group)


def test_statements_are_downloaded_as_csv_that_excel_reads_as_utf8(client, ledger):
    client.force_login(ledger["staff"]["thar"])

    response = client.get(url(ledger["thar"], "csv/"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Date" and rows[1][2] == "Opening balance"
    amounts = [row[4] for row in rows[2:-1]]
    assert sorted(amounts) == ["-1250.00", "300.00", "9999.99"]
    assert rows[-1][2:] == ["Closing balance", "", "", "9049.99", ""]


def test_the_printable_statement_and_the_period_filter(client, ledger):
    client.force_login(ledger["staff"]["lahore"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    printable = client.get(url(ledger["lahore"], "print/"))
    later = client.get(url(ledger["lahore"]), {"date_from": tomorrow})
    later_csv = client.get(url(ledger["lahore"], "csv/"), {"date_from": tomorrow})

    assert printable.status_code == 200
    assert shown_entries(printable.content.decode()) == entry_ids(ledger["lahore"])
    assert "window.print()" in printable.content.decode()
    assert later.context["rows"] == []
    assert later.context["balance"].balance == LAHORE_EARNINGS  # the balance is not filtered
    opening = list(csv.reader(io.StringIO(later_csv.content.decode("utf-8-sig"))))[1]
    assert opening[5] == "4250.00"


def test_anonymous_visitors_and_buyers_are_sent_to_log_in(client, ledger):
    buyer = UserFactory(username="buyer")
    for user in (None, buyer):
        if user is not None:
            client.force_login(user)
        for path in ("/admin/statements/", url(ledger["lahore"]), url(ledger["lahore"], "csv/")):
            response = client.get(path)
            assert response.status_code == 302
            assert "/login/" in response["Location"]


def test_admin_users_of_no_group_see_no_statement(client, ledger):
    editor = UserFactory(username="editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    assert client.get("/admin/statements/").context["paginator"].count == 0
    assert client.get(url(ledger["lahore"])).status_code == 404
