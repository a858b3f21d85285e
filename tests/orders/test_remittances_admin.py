"""Finance's cash-on-delivery screens: parcels awaiting remittance, recording, resolving."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from orders.finance.ledger_selectors import group_balance
from orders.models import CourierRemittance, RemittanceStatus
from tests.factories import UserFactory
from tests.orders.test_cod_remittances import delivered  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_client(client):
    user = UserFactory(username="finance")
    user.groups.add(Group.objects.get(name="Finance"))
    client.force_login(user)
    return client


def record(client, **changes):
    data = {
        "courier": "TCS",
        "reference": "TCS-R9",
        "amount": "4700.00",
        "received_on": f"{date.today():%Y-%m-%d}",
        "note": "",
        "tracking_numbers": "",
        **changes,
    }
    return client.post("/admin/remittances/new/", data)


def test_finance_sees_the_parcels_awaiting_remittance_and_filters_them(
    finance_client,
    delivered,  # noqa: F811
):
    page = finance_client.get("/admin/remittances-awaiting/")
    html = page.content.decode()
    assert page.status_code == 200
    assert str(delivered["lahore_part"]) in html and str(delivered["thar_part"]) in html

    group = delivered["thar"].pk
    html = finance_client.get(f"/admin/remittances-awaiting/?producer_group={group}").content
    assert str(delivered["lahore_part"]).encode() not in html
    html = finance_client.get("/admin/remittances-awaiting/?courier=leopards").content.decode()
    assert str(delivered["thar_part"]) not in html
    today = f"{date.today():%Y-%m-%d}"
    html = finance_client.get(
        f"/admin/remittances-awaiting/?delivered_after={today}&delivered_before={today}"
    ).content.decode()
    assert str(delivered["thar_part"]) in html


def test_group_staff_cannot_see_the_remittance_screens(client, delivered):  # noqa: F811
    from tests.factories import make_staff

    client.force_login(make_staff(delivered["lahore"], username="lahore-other"))
    assert client.get("/admin/remittances-awaiting/").status_code in (302, 403)
    assert client.get("/admin/remittances/").status_code in (302, 403)
    assert record(client).status_code in (302, 403)
    assert not CourierRemittance.objects.exists()


def test_finance_records_a_remittance_by_ticking_parcels(finance_client, delivered):  # noqa: F811
    response = record(finance_client, parcels=[delivered["lahore_part"].pk])

    remittance = CourierRemittance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/remittances/inspect/{remittance.pk}/"
    assert remittance.status == RemittanceStatus.OK
    assert group_balance(delivered["lahore"]).available == Decimal("4250.00")


def test_a_pasted_tracking_number_that_awaits_nothing_is_refused(
    finance_client,
    delivered,  # noqa: F811
):
    response = record(finance_client, tracking_numbers="TCS-1\nNOPE-7")
    assert response.status_code == 200
    assert "NOPE-7" in response.content.decode()
    assert not CourierRemittance.objects.exists()


def test_a_flagged_remittance_is_listed_first_and_resolved_with_a_note(
    finance_client,
    delivered,  # noqa: F811
):
    record(
        finance_client, reference="TCS-OK", amount="10299.99", parcels=[delivered["thar_part"].pk]
    )
    record(
        finance_client, reference="TCS-SHORT", amount="4600", parcels=[delivered["lahore_part"].pk]
    )
    flagged = CourierRemittance.objects.get(reference="TCS-SHORT")
    assert flagged.status == RemittanceStatus.FLAGGED

    finance_client.get("/admin/remittances/")  # shows (and clears) the messages of recording
    html = finance_client.get("/admin/remittances/").content.decode()
    assert html.index("TCS-SHORT") < html.index("TCS-OK")
    page = finance_client.get(f"/admin/remittances/inspect/{flagged.pk}/").content.decode()
    assert "\u2212Rs 100" in page  # the one money format (marketplace.money.format_pkr)

    finance_client.post(f"/admin/remittances/{flagged.pk}/resolve/", {"note": ""})
    assert CourierRemittance.objects.get(pk=flagged.pk).status == RemittanceStatus.FLAGGED
    finance_client.post(
        f"/admin/remittances/{flagged.pk}/resolve/",
        {"correction": "100.00", "note": "TCS paid Rs 100 more"},
    )
    assert CourierRemittance.objects.get(pk=flagged.pk).status == RemittanceStatus.RESOLVED
    assert group_balance(delivered["lahore"]).available == Decimal("4250.00")


def test_voiding_a_flagged_remittance_lets_finance_record_it_again(
    finance_client,
    delivered,  # noqa: F811
):
    part = delivered["lahore_part"]
    record(finance_client, amount="47.00", parcels=[part.pk])
    wrong = CourierRemittance.objects.get()

    response = finance_client.post(f"/admin/remittances/{wrong.pk}/void/", {"note": "typo"})
    assert response["Location"] == "/admin/remittances/new/?courier=TCS"
    record(finance_client, parcels=[part.pk])

    assert sorted(CourierRemittance.objects.values_list("status", flat=True)) == ["ok", "void"]


def test_the_remittance_form_lists_the_parcels_awaiting_and_the_menu_shows_remittances(
    finance_client,
    delivered,  # noqa: F811
):
    html = finance_client.get("/admin/remittances/new/?courier=TCS").content.decode()

    assert 'name="parcels"' in html and str(delivered["lahore_part"]) in html
    assert 'value="TCS"' in html
    assert "Remittances" in finance_client.get("/admin/").content.decode()
