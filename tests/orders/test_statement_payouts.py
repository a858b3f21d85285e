"""A group's statement shows its upcoming and past payouts, and only its own.

Payout ledger entries name their payout in the statement, its CSV and its printable page.
"""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from catalog.models.groups import PayoutMethod
from orders.finance.payouts import (
    payout_create,
    payout_mark_failed,
    payout_mark_paid,
    payouts_mark_processing,
)
from orders.models import Payout, PayoutStatus
from tests.factories import UserFactory, make_payable_group, make_staff

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def statement_url(group, suffix: str = "") -> str:
    return f"/admin/statements/{group.pk}/{suffix}"


def shown_payouts(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-payout="(\d+)"', html)]


@pytest.fixture
def groups():
    hala = make_payable_group("Hala Ralli Makers", earned=Decimal("5000.00"))
    thar = make_payable_group("Thar Artisans", earned=Decimal("3000.00"))
    return {"hala": hala, "thar": thar, "hala_staff": logged_in(make_staff(hala))}


def test_a_group_sees_its_own_payouts_and_never_another_groups(groups):
    hala, thar = groups["hala"], groups["thar"]
    own = payout_create(group_id=hala.pk)
    other = payout_create(group_id=thar.pk)
    payout_mark_paid(payout_id=other.pk, reference="THAR-SECRET-REF", by=UserFactory())

    response = groups["hala_staff"].get(statement_url(hala))
    refused = groups["hala_staff"].get(statement_url(thar))

    html = response.content.decode()
    assert shown_payouts(html) == [own.pk]
    assert other.number not in html and "THAR-SECRET-REF" not in html
    assert refused.status_code == 404
    assert reverse("payouts_detail", args=[own.pk]) not in html  # no finance links for staff


def test_the_statement_says_when_a_payout_will_be_made(groups, settings):
    settings.PAYOUT_MINIMUM = Decimal("1000.00")

    html = groups["hala_staff"].get(statement_url(groups["hala"])).content.decode()

    assert (
        "No payouts yet. When the available balance reaches Rs 1,000, a payout is made on the "
        "next payout run." in html
    )


def test_open_payouts_come_first_as_upcoming_and_failed_ones_show_why(groups):
    hala = groups["hala"]
    failed = payout_mark_failed(
        payout_id=payout_create(group_id=hala.pk).pk, reason="Account closed", by=None
    )
    finance = UserFactory()
    on_the_way = payouts_mark_processing(
        payout_ids=[payout_create(group_id=hala.pk).pk], by=finance
    )[0]

    response = groups["hala_staff"].get(statement_url(hala))

    html = response.content.decode()
    assert shown_payouts(html) == [on_the_way.pk, failed.pk]
    assert [payout.pk for payout in response.context["upcoming_payouts"]] == [on_the_way.pk]
    assert [payout.pk for payout in response.context["past_payouts"]] == [failed.pk]
    assert "On the way" in html and "Account closed" in html
    assert "···6702" in html  # the account's last digits, not the whole number
    assert html.index('data-payouts="upcoming"') < html.index('data-payouts="past"')


def test_payout_entries_name_their_payout_in_the_statement_csv_and_print(groups):
    hala = groups["hala"]
    payout = payout_create(group_id=hala.pk)
    payout_mark_failed(payout_id=payout.pk, reason="Account closed", by=None)
    client = groups["hala_staff"]

    page = client.get(statement_url(hala)).content.decode()
    printable = client.get(statement_url(hala, "print/")).content.decode()
    rows = list(
        csv.reader(io.StringIO(client.get(statement_url(hala, "csv/")).content.decode("utf-8-sig")))
    )

    payout_rows = [row for row in rows if row[1] == payout.number]
    assert [(row[3], row[4]) for row in payout_rows] == [
        ("Payout to the group", "-5000.00"),
        ("Payout failed, amount returned", "5000.00"),
    ]
    for html in (page, printable):
        assert html.count(payout.number) >= 2
        assert "Payout to the group" in html and "Payout · Payout" not in html


def test_many_payouts_are_cut_short_with_a_link_to_show_all(groups):
    hala = groups["hala"]
    for index in range(12):
        Payout.objects.create(
            producer_group=hala,
            amount=Decimal("100.00"),
            method=PayoutMethod.BANK,
            status=PayoutStatus.PAID,
            reference=f"HBL-{index}",
        )
    client = groups["hala_staff"]

    short = client.get(statement_url(hala))
    everything = client.get(statement_url(hala), {"payouts": "all"})

    assert len(shown_payouts(short.content.decode())) == 10
    assert "payouts=all" in short.content.decode()
    assert len(shown_payouts(everything.content.decode())) == 12


def test_finance_sees_any_groups_payouts_with_links_to_the_payouts_admin(groups):
    thar = groups["thar"]
    payout = payout_create(group_id=thar.pk)
    finance = UserFactory(username="finance")
    finance.groups.add(Group.objects.get(name="Finance"))

    html = logged_in(finance).get(statement_url(thar)).content.decode()

    assert shown_payouts(html) == [payout.pk]
    assert reverse("payouts_detail", args=[payout.pk]) in html
