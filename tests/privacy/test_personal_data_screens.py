"""The personal-data screens: a buyer asks from their account page; a platform admin finds the
person, downloads JSON or CSV (through the one CSV writer) and erases after confirming; nobody
else reaches these screens; the command line does the same."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from orders.models import Order, SavedAddress
from orders.privacy.erase import ERASED
from orders.privacy.models import PersonalDataAction, PersonalDataRequest
from tests.factories import UserFactory
from tests.orders.order_desk_support import finance_user, logged_in
from tests.privacy.world import ACCOUNT, BUYER, SAVED, world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_groups_catalog):
    return world_build(two_groups_catalog)


@pytest.fixture
def admin():
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_buyer_asks_for_a_copy_and_for_erasure_from_their_account(world, admin):
    client = logged_in(world.buyer)
    page = client.get("/account/my-data/")
    assert page.status_code == 200 and b"Ask for erasure" in page.content

    refused = client.post("/account/my-data/", {"kind": "erase"}, follow=True)
    assert b"Tick the box" in refused.content
    client.post("/account/my-data/", {"kind": "export"})
    client.post("/account/my-data/", {"kind": "export"})  # twice: still one request
    client.post("/account/my-data/", {"kind": "erase", "confirm": "1"})

    kinds = sorted(PersonalDataRequest.objects.values_list("kind", flat=True))
    assert kinds == ["erase", "export"]
    screen = logged_in(admin).get("/admin/personal-data/")
    assert ACCOUNT["username"].encode() in screen.content


def test_my_data_works_in_urdu(world):
    response = logged_in(world.buyer).get("/ur/account/my-data/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()
    assert "میری معلومات" in response.content.decode()


def test_my_data_needs_a_logged_in_buyer(client):
    assert client.get("/account/my-data/").status_code == 302


def test_admin_finds_a_buyer_and_downloads_json_and_csv(world, admin):
    client = logged_in(admin)
    query = f"kind=buyer&username={ACCOUNT['username']}"

    page = client.get(f"/admin/personal-data/?{query}")
    assert page.status_code == 200
    assert BUYER["address_line1"].encode() in page.content
    assert SAVED["address_line1"].encode() in page.content

    as_json = json.loads(client.get(f"/admin/personal-data/?{query}&format=json").content)
    assert [order["number"] for order in as_json["orders"]] == [world.order.number]
    assert as_json["saved_addresses"][0]["contact_phone"] == SAVED["contact_phone"]

    response = client.get(f"/admin/personal-data/?{query}&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "record", "field", "value"]
    # A phone starting with + is text a spreadsheet will not run: the one CSV writer's rule.
    assert ["saved_addresses", "1", "contact_phone", "'" + SAVED["contact_phone"]] in rows
    assert PersonalDataAction.objects.filter(action="export").count() == 2


def test_admin_erases_only_after_confirming(world, admin):
    client = logged_in(admin)
    query = f"kind=buyer&email={BUYER['contact_email']}"
    confirm_page = client.get(f"/admin/personal-data/erase/?{query}")
    assert confirm_page.status_code == 200 and b"cannot be undone" in confirm_page.content

    unconfirmed = client.post(f"/admin/personal-data/erase/?{query}", {})
    assert unconfirmed.status_code == 400
    assert Order.objects.get(pk=world.guest_order.pk).contact_name == BUYER["contact_name"]

    done = client.post(f"/admin/personal-data/erase/?{query}", {"confirm": "on"}, follow=True)
    assert b"Erased." in done.content
    assert Order.objects.get(pk=world.guest_order.pk).contact_name == ERASED
    # Asked again: the email is gone from the database, so nobody matches any more.
    again = client.post(f"/admin/personal-data/erase/?{query}", {"confirm": "on"}, follow=True)
    assert again.status_code == 200 and b"Find the person first" in again.content


def test_an_unknown_person_is_a_message_not_an_error(world, admin):
    response = logged_in(admin).get("/admin/personal-data/?kind=buyer&email=nobody@example.org")
    assert response.status_code == 200 and b"Nobody matches" in response.content
    response = logged_in(admin).get("/admin/personal-data/?kind=artisan")
    assert response.status_code == 200 and b"page id" in response.content


def test_nobody_but_platform_admins_reaches_the_screens(world):
    lahore_staff = UserFactory(username="lahore-staff-privacy")
    from catalog.services import producer_group_staff_add

    producer_group_staff_add(group_page=world.catalog["lahore"], user=lahore_staff)
    for user in (finance_user("finance-two"), lahore_staff, world.buyer):
        client = logged_in(user)
        for url in (
            f"/admin/personal-data/?kind=buyer&username={ACCOUNT['username']}",
            f"/admin/personal-data/erase/?kind=buyer&username={ACCOUNT['username']}",
        ):
            assert client.get(url).status_code in (302, 403), (user, url)
        response = client.post(
            f"/admin/personal-data/erase/?kind=buyer&username={ACCOUNT['username']}",
            {"confirm": "on"},
        )
        assert response.status_code in (302, 403)
    assert SavedAddress.objects.exists()


def test_the_command_exports_and_erases(world, admin, tmp_path, capsys):
    target = tmp_path / "export.csv"
    call_command(
        "personal_data",
        "export",
        "--username",
        ACCOUNT["username"],
        "--format",
        "csv",
        "--output",
        str(target),
        "--by",
        "root",
    )
    assert SAVED["address_line1"] in target.read_text(encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("personal_data", "erase", "--username", ACCOUNT["username"])
    call_command("personal_data", "erase", "--username", ACCOUNT["username"], "--yes")
    assert not SavedAddress.objects.exists()
    call_command("personal_data", "erase", "--artisan", str(world.artisan.pk), "--yes")
    assert "nothing left" not in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("personal_data", "export", "--email", "nobody@example.org")
