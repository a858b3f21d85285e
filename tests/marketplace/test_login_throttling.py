"""Login throttling (django-axes) on both logins: the Wagtail admin's and the buyers'.

After LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one address, logging in is
refused (429, the lockout page in the page's language) until the cool-off passes or platform
staff unlock it, even with the right password.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
LOGINS = ["/admin/login/", "/account/login/"]


def log_in(client: Client, url: str, username: str, password: str, address="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in_as(client: Client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def staff(site_tree):
    return UserFactory(username="hala-staff", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("url", LOGINS)
def test_thirty_wrong_passwords_lock_the_account_even_for_the_right_one(client, staff, url):
    for attempt in range(30):
        # From many addresses: the account is locked, not just one address.
        log_in(client, url, staff.username, "wrong", address=f"198.51.100.{attempt + 1}")

    response = log_in(client, url, staff.username, PASSWORD, address="192.0.2.50")

    assert response.status_code == 429
    assert logged_in_as(client) is None
    assert "Too many failed logins" in response.content.decode()


@pytest.mark.parametrize("url", LOGINS)
def test_thirty_accounts_tried_from_one_address_lock_that_address(client, staff, url):
    for attempt in range(30):
        log_in(client, url, f"guess-{attempt}", "wrong")

    refused = log_in(client, url, staff.username, PASSWORD)
    elsewhere = log_in(Client(), url, staff.username, PASSWORD, address="192.0.2.99")

    assert refused.status_code == 429
    assert elsewhere.status_code == 302  # the account itself is not locked


def test_a_few_wrong_passwords_do_not_lock_anyone(client, staff):
    for _attempt in range(4):
        log_in(client, "/account/login/", staff.username, "wrong")

    response = log_in(client, "/account/login/", staff.username, PASSWORD)

    assert response.status_code == 302
    assert logged_in_as(client) == str(staff.pk)


def test_after_the_cool_off_the_right_password_works_again(client, staff, settings):
    for _attempt in range(30):
        log_in(client, "/admin/login/", staff.username, "wrong")
    assert log_in(client, "/admin/login/", staff.username, PASSWORD).status_code == 429

    # The failures now lie just over one cool-off in the past.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    response = log_in(client, "/admin/login/", staff.username, PASSWORD)

    assert response.status_code == 302
    assert logged_in_as(client) == str(staff.pk)


def test_the_lockout_page_is_in_the_pages_language(client, staff):
    for _attempt in range(30):
        log_in(client, "/ur/account/login/", staff.username, "wrong")

    response = log_in(client, "/ur/account/login/", staff.username, PASSWORD)

    assert response.status_code == 429
    assert 'lang="ur"' in response.content.decode()


def lock_out(username: str) -> None:
    for _attempt in range(30):
        log_in(Client(), "/account/login/", username, "wrong", address="198.51.100.66")


def test_superusers_see_lockouts_and_unlock_an_account(staff):
    buyer = UserFactory(username="ayesha")
    lock_out("ayesha")
    assert log_in(Client(), "/account/login/", "ayesha", PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(staff)

    listing = admin.get("/admin/login_lockouts/")
    attempt = AccessAttempt.objects.filter(username="ayesha").first()
    confirm = admin.get(f"/admin/login_lockouts/delete/{attempt.pk}/")
    unlocked = admin.post(f"/admin/login_lockouts/delete/{attempt.pk}/")

    assert listing.status_code == 200
    assert "ayesha" in listing.content.decode()
    assert confirm.status_code == 200
    assert unlocked.status_code == 302
    # The address tried 30 accounts too; from another address the account logs in again.
    again = Client()
    assert (
        log_in(again, "/account/login/", "ayesha", PASSWORD, address="192.0.2.8").status_code == 302
    )
    assert logged_in_as(again) == str(buyer.pk)


def test_staff_who_are_not_superusers_cannot_see_or_unlock_lockouts(staff):
    lock_out("ayesha")
    attempt = AccessAttempt.objects.filter(username="ayesha").first()
    finance = UserFactory(username="finance")
    from django.contrib.auth.models import Group

    finance.groups.add(Group.objects.get(name="Finance"))
    client = Client()
    client.force_login(finance)

    listing = client.get("/admin/login_lockouts/")
    unlock = client.post(f"/admin/login_lockouts/delete/{attempt.pk}/")

    assert listing.status_code in (302, 403)
    assert unlock.status_code in (302, 403)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
