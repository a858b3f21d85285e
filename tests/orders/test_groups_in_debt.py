"""Groups in debt: finance's listing, and the statement telling a group what it owes."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from orders.finance.debt_selectors import groups_in_debt_for_user, in_debt_since
from orders.finance.ledger_selectors import group_balance
from orders.finance.payouts import payout_create, payout_mark_paid
from orders.models import LedgerCause, LedgerEntry, LedgerKind
from tests.factories import UserFactory, make_payable_group, make_staff
from tests.orders.test_order_desk import text_of
from tests.orders.test_payouts_admin import (
    finance_user,
    is_refused,
    logged_in,
    orders_staff_user,
)

pytestmark = pytest.mark.django_db

LISTING = "payouts_groups_in_debt"


def add(group, amount: str, key: str, cause=LedgerCause.REFUND) -> LedgerEntry:
    """An entry available at once, as a refund of an already available sub-order is."""
    return LedgerEntry.objects.create(
        producer_group=group,
        kind=LedgerKind.SALE,
        cause=cause,
        amount=Decimal(amount),
        event_key=f"test:{key}",
        available_from=timezone.now() - timedelta(days=1),
    )


def paid_out(group, finance):
    payout = payout_create(group_id=group.pk, minimum=Decimal("0.01"))
    payout_mark_paid(payout_id=payout.pk, reference=f"FT-{payout.pk}", by=finance)
    return payout


@pytest.fixture
def debts(site_tree):
    """Hala owes Rs 1,200.50, Thar owes Rs 300 and Lahore is owed Rs 100 (not in debt)."""
    finance = finance_user()
    hala = make_payable_group("Hala Ralli Makers", earned=Decimal("5000.00"))
    thar = make_payable_group("Thar Ralli Cooperative", earned=Decimal("800.00"))
    lahore = make_payable_group("Lahore Embroiderers", earned=Decimal("100.00"))
    hala_payout = paid_out(hala, finance)
    paid_out(thar, finance)
    turn = add(hala, "-1500.50", "hala refund")
    add(hala, "300.00", "hala sale", cause=LedgerCause.PAID)
    add(thar, "-300.00", "thar refund")
    return {
        "finance": finance,
        "hala": hala,
        "thar": thar,
        "lahore": lahore,
        "hala_turn": turn,
        "hala_payout": hala_payout,
    }


def test_in_debt_since_is_the_entry_after_which_the_balance_stayed_negative(debts):
    hala = debts["hala"]
    assert in_debt_since(hala, balance=group_balance(hala).balance) == (
        debts["hala_turn"].created_at
    )
    add(hala, "2000.00", "back in credit", cause=LedgerCause.PAID)  # 799.50
    later = add(hala, "-1000.00", "second refund")  # -200.50: a new turn

    assert in_debt_since(hala, balance=group_balance(hala).balance) == later.created_at


def test_finance_sees_the_groups_in_debt_with_what_they_owe_since_when_and_last_payout(debts):
    client = logged_in(debts["finance"])

    response = client.get(reverse(LISTING))

    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [group.title for group in rows] == ["Hala Ralli Makers", "Thar Ralli Cooperative"]
    assert [group.owed for group in rows] == [Decimal("1200.50"), Decimal("300.00")]
    assert rows[0].in_debt_since == debts["hala_turn"].created_at
    page = text_of(response)
    assert "Rs 1,200.50" in page and "Rs 300" in page
    assert f"{debts['hala_payout'].number} · Paid" in page
    assert "Lahore Embroiderers" not in page
    statement = reverse("statements_group", args=[debts["hala"].pk])
    assert f'href="{statement}"' in response.content.decode()


def test_the_listing_is_searchable_and_sortable(debts):
    client = logged_in(debts["finance"])
    titles = lambda response: [group.title for group in response.context["object_list"]]  # noqa: E731

    assert titles(client.get(reverse(LISTING), {"q": "thar"})) == ["Thar Ralli Cooperative"]
    assert titles(client.get(reverse(LISTING), {"ordering": "owed"})) == [
        "Thar Ralli Cooperative",
        "Hala Ralli Makers",
    ]
    assert titles(client.get(reverse(LISTING), {"ordering": "-in_debt_since"})) == [
        "Thar Ralli Cooperative",  # its refund came last
        "Hala Ralli Makers",
    ]
    assert titles(client.get(reverse(LISTING), {"ordering": "in_debt_since"})) == [
        "Hala Ralli Makers",
        "Thar Ralli Cooperative",
    ]
    assert titles(client.get(reverse(LISTING), {"ordering": "title"}))[0] == "Hala Ralli Makers"
    results = client.get(reverse(f"{LISTING}_results"), {"q": "hala"})
    assert results.status_code == 200 and "Hala Ralli Makers" in text_of(results)


def test_only_finance_sees_groups_in_debt(debts):
    group_staff = make_staff(debts["hala"])
    for user in (orders_staff_user(), group_staff):
        assert not groups_in_debt_for_user(user).exists()
        assert is_refused(logged_in(user).get(reverse(LISTING)))
    nobody = UserFactory(username="nobody")  # no admin access at all: sent to log in
    assert not groups_in_debt_for_user(nobody).exists()
    assert logged_in(nobody).get(reverse(LISTING))["Location"].startswith("/admin/login/")
    payouts_page = logged_in(debts["finance"]).get(reverse("payouts"))
    assert payouts_page.context["groups_in_debt_count"] == 2


def test_a_groups_statement_says_what_it_owes_the_platform(debts):
    hala = debts["hala"]
    staff = logged_in(make_staff(hala))

    page = text_of(staff.get(reverse("statements_group", args=[hala.pk])))
    printable = text_of(staff.get(reverse("statements_group_print", args=[hala.pk])))
    download = staff.get(reverse("statements_group_csv", args=[hala.pk]))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))

    assert "You owe the platform Rs 1,200.50." in page
    assert "You owe the platform Rs 1,200.50." in printable
    assert rows[-1][2:6] == ["Owed to the platform now", "", "", "1200.50"]
    finance = logged_in(debts["finance"])
    finance_view = text_of(finance.get(reverse("statements_group", args=[hala.pk])))
    assert "This group owes the platform Rs 1,200.50." in finance_view


def test_a_group_not_in_debt_sees_no_debt_message(debts):
    lahore = debts["lahore"]
    page = text_of(logged_in(make_staff(lahore)).get(reverse("statements_group", args=[lahore.pk])))
    assert "owe the platform" not in page


def test_finance_without_statement_access_still_gets_the_listing(debts):
    user = UserFactory(username="payouts-only")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_payouts"),
    )
    assert logged_in(user).get(reverse(LISTING)).status_code == 200
