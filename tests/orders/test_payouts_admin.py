"""Finance's payouts admin: who gets in, the listing, building, exporting, closing, retrying.

Only orders.manage_payouts (the Finance group) reaches any payouts URL; everyone else is
refused and the database stays as it was. The actions go through the payout services, so
these tests check what finance sees and that every refusal is a message, never a 500.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from catalog.models.groups import PayoutMethod
from orders.finance.ledger_selectors import group_balance
from orders.finance.payouts import payout_create, payout_mark_failed
from orders.models import LedgerCause, LedgerEntry, Payout, PayoutStatus
from tests.factories import UserFactory, make_payable_group, make_staff

pytestmark = pytest.mark.django_db

DENIED_MESSAGE = "do not have permission"


def finance_user(username: str = "finance"):
    """Exactly what the Finance group (migrations 0002 and 0007) grants."""
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Finance"))
    return user


def orders_staff_user(username: str = "orders-staff"):
    """Platform staff who manage every order but not payouts."""
    user = UserFactory(username=username)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_all_orders"),
    )
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    """The messages waiting after `response` (earlier unread ones first)."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def last_message(response) -> str:
    return messages_of(response)[-1]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def detail_url(payout: Payout, action: str = "") -> str:
    name = f"payouts_{action}" if action else "payouts_detail"
    return reverse(name, args=[payout.pk])


def is_refused(response) -> bool:
    """403, 404, or Wagtail's permission_denied: back to the dashboard with an error."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
        return any(DENIED_MESSAGE in message for message in messages_of(response))
    return False


def payout_state() -> list[tuple]:
    return list(
        Payout.objects.order_by("pk").values_list("pk", "status", "reference", "processing_at")
    )


@pytest.fixture
def finance():
    return logged_in(finance_user())


@pytest.fixture
def hala():
    return make_payable_group("Hala Ralli Makers", earned=Decimal("5000.00"))


@pytest.fixture
def thar():
    return make_payable_group(
        "Thar Artisans",
        earned=Decimal("2500.50"),
        payout_method="jazzcash",
        payout_account_number="03001234567",
        payout_bank_name="",
    )


def test_only_finance_reaches_payouts_and_sees_the_menu_item(hala, thar):
    pending = payout_create(group_id=hala.pk)
    failed = payout_mark_failed(
        payout_id=payout_create(group_id=thar.pk).pk, reason="Wallet closed", by=None
    )
    group_staff = logged_in(make_staff(hala))
    orders_staff = logged_in(orders_staff_user())
    before = payout_state()
    attempts = [
        ("get", reverse("payouts"), {}),
        ("post", reverse("payouts_run"), {}),
        ("get", reverse("payouts_export"), {}),
        ("post", reverse("payouts_export"), {"scope": "all_pending"}),
        ("get", detail_url(pending), {}),
        ("post", detail_url(pending, "mark_paid"), {"reference": "HBL-1"}),
        ("post", detail_url(pending, "mark_failed"), {"reason": "No"}),
        ("post", detail_url(failed, "retry"), {}),
    ]

    for client in (group_staff, orders_staff):
        for method, url, data in attempts:
            response = getattr(client, method)(url, data)
            assert is_refused(response), (method, url, response.status_code)
            assert "PK36SCBL" not in response.content.decode()
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse("payouts") not in home

    anonymous = Client().get(reverse("payouts"))
    assert anonymous.status_code == 302 and reverse("wagtailadmin_login") in anonymous["Location"]
    assert payout_state() == before
    assert (
        reverse("payouts")
        in logged_in(finance_user()).get(reverse("wagtailadmin_home")).content.decode()
    )


def test_the_listing_shows_payouts_newest_first_with_filters_and_totals(finance, hala, thar):
    first = payout_create(group_id=hala.pk)
    second = payout_create(group_id=thar.pk)

    response = finance.get(reverse("payouts"))

    assert response.status_code == 200
    assert [payout.pk for payout in response.context["payouts"]] == [second.pk, first.pk]
    assert response.context["totals"].count == 2
    assert response.context["totals"].amount == Decimal("7500.50")
    html = response.content.decode()
    assert f"PO-{first.pk:06d}" in html and "Rs 5,000" in html and "Rs 2,500.50" in html

    by_method = finance.get(reverse("payouts"), {"method": "jazzcash"})
    assert [payout.pk for payout in by_method.context["payouts"]] == [second.pk]
    by_group = finance.get(reverse("payouts"), {"q": "hala"})
    assert [payout.pk for payout in by_group.context["payouts"]] == [first.pk]
    assert by_group.context["totals"].amount == Decimal("5000.00")
    none = finance.get(reverse("payouts"), {"status": "paid"})
    assert none.context["totals"].count == 0
    assert "No payouts match these filters." in none.content.decode()


def test_the_empty_listing_says_how_payouts_are_made(finance):
    response = finance.get(reverse("payouts"))

    assert "No payouts yet." in response.content.decode()
    assert "None: every group owed the minimum can be paid." in response.content.decode()


def test_groups_owed_but_not_payable_are_listed_with_what_is_missing(finance, hala):
    make_payable_group("Sukkur Weavers", earned=Decimal("3000.00"), payout_account_number="")
    make_payable_group("Mithi Potters", earned=Decimal("3000.00"), payout_method="")
    make_payable_group("Small Group", earned=Decimal("10.00"), payout_account_number="")

    response = finance.get(reverse("payouts"))

    rows = {row.group.title: row for row in response.context["not_payable"]}
    assert set(rows) == {"Sukkur Weavers", "Mithi Potters"}
    assert rows["Sukkur Weavers"].available == Decimal("3000.00")
    assert rows["Sukkur Weavers"].problem == "The group's account number is missing."
    assert rows["Mithi Potters"].problem == "The group has no payout method."
    assert response.context["payable_count"] == 1  # Hala
    assert "account number is missing" in response.content.decode()


def test_build_payouts_now_builds_them_and_says_what_it_did(finance, hala):
    make_payable_group("Sukkur Weavers", earned=Decimal("3000.00"), payout_account_number="")

    response = finance.post(reverse("payouts_run"))

    assert response.status_code == 302 and response["Location"] == reverse("payouts")
    payout = Payout.objects.get()
    assert payout.producer_group_id == hala.pk and payout.amount == Decimal("5000.00")
    assert payout.status == PayoutStatus.PENDING
    assert messages_of(response) == ["1 payout built; 1 group owed money could not be paid."]
    assert group_balance(hala).available == Decimal("0.00")


def test_export_marks_the_selected_payouts_processing_and_downloads_them(finance, hala, thar):
    hala_payout = payout_create(group_id=hala.pk)
    thar_payout = payout_create(group_id=thar.pk)

    response = finance.post(
        reverse("payouts_export"), {"scope": "selected", "payout": [str(thar_payout.pk)]}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="payouts-')
    assert response.content.startswith("\ufeff".encode())
    rows = csv_rows(response)
    assert rows[0] == [
        "Payout",
        "Producer group",
        "Method",
        "Account title",
        "Account number, IBAN or wallet number",
        "Bank name",
        "Amount (PKR)",
        "Created",
    ]
    assert rows[1][:7] == [
        thar_payout.number,
        "Thar Artisans",
        "JazzCash",
        "Thar Artisans",
        "03001234567",
        "",
        "2500.50",
    ]
    assert len(rows) == 2
    thar_payout.refresh_from_db()
    hala_payout.refresh_from_db()
    assert thar_payout.status == PayoutStatus.PROCESSING and thar_payout.processing_at
    assert hala_payout.status == PayoutStatus.PENDING


def test_export_of_all_pending_then_a_download_again_changes_nothing(finance, hala, thar):
    payouts = [payout_create(group_id=hala.pk), payout_create(group_id=thar.pk)]

    exported = finance.post(reverse("payouts_export"), {"scope": "all_pending"})
    after_export = payout_state()
    again = finance.get(reverse("payouts_export"))

    assert [row[0] for row in csv_rows(exported)[1:]] == [payout.number for payout in payouts]
    assert [row[6] for row in csv_rows(exported)[1:]] == ["5000.00", "2500.50"]
    assert {status for _pk, status, *_rest in after_export} == {PayoutStatus.PROCESSING}
    assert again.status_code == 200 and again.content.startswith("\ufeff".encode())
    assert csv_rows(again) == csv_rows(exported)
    assert payout_state() == after_export


def test_export_with_nothing_ticked_says_so(finance, hala):
    payout = payout_create(group_id=hala.pk)

    response = finance.post(reverse("payouts_export"), {"scope": "selected"})

    assert response.status_code == 302
    assert messages_of(response) == ["Tick the payouts to export first."]
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PENDING


def test_a_spreadsheet_formula_in_a_group_title_is_exported_as_text(finance):
    group = make_payable_group("=HYPERLINK(1)", payout_account_number="+923001234567")
    payout_create(group_id=group.pk)

    rows = csv_rows(finance.post(reverse("payouts_export"), {"scope": "all_pending"}))

    assert rows[1][1] == "'=HYPERLINK(1)"
    # Text starting with "+" is a formula to a spreadsheet too (OWASP's rule, no exceptions).
    assert rows[1][4] == "'+923001234567"


def test_mark_paid_requires_a_reference_and_says_so(finance, hala):
    payout = payout_create(group_id=hala.pk)

    response = finance.post(detail_url(payout, "mark_paid"), {"reference": "  "})

    assert response.status_code == 400
    assert "Enter the bank or wallet transaction reference." in response.content.decode()
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PENDING


def test_mark_paid_twice_with_one_reference_is_harmless_and_another_is_refused(finance, hala):
    payout = payout_create(group_id=hala.pk)
    url = detail_url(payout, "mark_paid")

    first = finance.post(url, {"reference": "HBL-778899"})
    second = finance.post(url, {"reference": "HBL-778899"})
    other = finance.post(url, {"reference": "HBL-000001"})

    for response in (first, second, other):
        assert response.status_code == 302 and response["Location"] == detail_url(payout)
    assert last_message(second) == f"Payout {payout.number} is paid (reference HBL-778899)."
    assert last_message(other) == (
        "Not marked paid: This payout was already marked paid with reference HBL-778899."
    )
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PAID and payout.reference == "HBL-778899"
    page = finance.get(detail_url(payout)).content.decode()
    assert "HBL-778899" in page and "finance" in page
    assert detail_url(payout, "mark_paid") not in page  # closed: no more forms


def test_mark_failed_restores_the_available_balance(finance, hala):
    payout = payout_create(group_id=hala.pk)
    assert group_balance(hala).available == Decimal("0.00")

    empty = finance.post(detail_url(payout, "mark_failed"), {"reason": ""})
    response = finance.post(detail_url(payout, "mark_failed"), {"reason": "IBAN closed"})

    assert empty.status_code == 400 and "Say why the payout failed." in empty.content.decode()
    assert response.status_code == 302
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.FAILED and payout.failure_reason == "IBAN closed"
    assert group_balance(hala).available == Decimal("5000.00")
    assert LedgerEntry.objects.filter(payout=payout, cause=LedgerCause.PAYOUT_RETURNED).exists()
    page = finance.get(detail_url(payout)).content.decode()
    assert "IBAN closed" in page and "Payout failed, amount returned" in page


def test_retry_builds_a_new_payout_linked_to_the_failed_one(finance, hala):
    failed = payout_create(group_id=hala.pk)
    finance.post(detail_url(failed, "mark_failed"), {"reason": "Wrong IBAN"})

    response = finance.post(detail_url(failed, "retry"))
    again = finance.post(detail_url(failed, "retry"))

    retry = Payout.objects.get(retry_of=failed)
    assert response["Location"] == detail_url(retry) == again["Location"]
    assert retry.amount == Decimal("5000.00") and retry.status == PayoutStatus.PENDING
    assert Payout.objects.count() == 2
    failed_page = finance.get(detail_url(failed)).content.decode()
    assert f'data-retried-by="{retry.pk}"' in failed_page
    assert detail_url(failed) in finance.get(detail_url(retry)).content.decode()


def test_retry_of_an_open_payout_is_refused_with_a_message(finance, hala):
    payout = payout_create(group_id=hala.pk)

    response = finance.post(detail_url(payout, "retry"))

    assert response.status_code == 302
    assert messages_of(response) == ["Not retried: Only a failed payout can be retried."]


def test_stripe_payouts_have_no_manual_buttons_and_manual_posts_are_refused(finance, hala):
    payout = Payout.objects.create(
        producer_group=hala,
        amount=Decimal("5000.00"),
        method=PayoutMethod.STRIPE,
        stripe_account_id="acct_123",
        status=PayoutStatus.PROCESSING,
    )

    page = finance.get(detail_url(payout)).content.decode()
    paid = finance.post(detail_url(payout, "mark_paid"), {"reference": "tr_1"})
    failed = finance.post(detail_url(payout, "mark_failed"), {"reason": "Gave up"})
    exported = finance.post(reverse("payouts_export"), {"scope": "selected", "payout": payout.pk})

    assert detail_url(payout, "mark_paid") not in page
    assert detail_url(payout, "mark_failed") not in page
    assert last_message(paid) == (
        "Not marked paid: Stripe payouts are marked paid by Stripe, not by hand."
    )
    assert last_message(failed) == (
        "Not marked failed: Stripe payouts fail only when Stripe refuses them."
    )
    assert exported.status_code == 302
    assert last_message(exported).startswith("Nothing to export")
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PROCESSING and payout.reference == ""


def test_the_listing_takes_a_bounded_number_of_queries(
    finance, hala, thar, django_assert_max_num_queries
):
    for index in range(30):
        Payout.objects.create(
            producer_group=hala if index % 2 else thar,
            amount=Decimal("1000.00") + index,
            method=PayoutMethod.BANK,
            status=PayoutStatus.PAID,
            reference=f"HBL-{index}",
        )
    make_payable_group("Sukkur Weavers", earned=Decimal("3000.00"), payout_account_number="")

    # The admin's menus (one query for all the items asking whether this user is a group's
    # staff: catalog.admin_menu), one to count the groups in debt, and the listing; none of it
    # grows with the 30 payouts.
    with django_assert_max_num_queries(17):
        response = finance.get(reverse("payouts"))

    assert len(response.context["payouts"]) == 30
    assert response.context["totals"].count == 30
