"""Erasure on request: the person's name, phone, email and address are gone from every text
column of the database; orders, sub-orders, payments and ledger stay and still add up."""

import os

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageLogEntry

from catalog.models import ArtisanConsent, ArtisanPage
from marketplace.models import NotificationLog
from orders.models import LedgerEntry, Order, Payment, SavedAddress, SubOrder
from orders.privacy.erase import ERASED, artisan_erase, buyer_erase
from orders.privacy.models import PersonalDataAction
from orders.privacy.subjects import buyer_subject_find
from tests.factories import UserFactory
from tests.orders.order_desk_support import logged_in
from tests.privacy.world import (
    ACCOUNT,
    ARTISAN_BIO,
    ARTISAN_NAME,
    BUYER,
    BUYER_PHONE_STORED,
    SAVED,
    ledger_totals,
    orders_balance,
    text_columns_containing,
    world_build,
)

pytestmark = pytest.mark.django_db

BUYER_SECRETS = [
    BUYER["contact_name"],
    "Zarghuna",
    BUYER_PHONE_STORED,
    "7654329",
    BUYER["contact_email"],
    BUYER["address_line1"],
    BUYER["address_line2"],
    BUYER["city"],
    SAVED["contact_name"],
    SAVED["address_line1"],
    SAVED["contact_phone"],
    SAVED["city"],
    ACCOUNT["email"],
    ACCOUNT["first_name"],
    ACCOUNT["last_name"],
]


@pytest.fixture
def world(two_groups_catalog):
    return world_build(two_groups_catalog)


@pytest.fixture
def admin():
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_the_world_really_holds_the_buyers_data_before_erasure(world):
    # Without this the "appears nowhere" assertion below could pass vacuously.
    for secret in BUYER_SECRETS:
        assert text_columns_containing(secret), secret
    assert NotificationLog.objects.filter(recipient=BUYER_PHONE_STORED).exists()


def test_buyer_erasure_leaves_their_data_nowhere_in_the_database(world, admin):
    ledger_before = ledger_totals()
    counts_before = {
        model: model.objects.count()
        for model in (Order, SubOrder, Payment, LedgerEntry, NotificationLog)
    }
    statuses_before = list(Order.objects.order_by("pk").values_list("status", "grand_total"))
    subject = buyer_subject_find(username=ACCOUNT["username"], email=BUYER["contact_email"])
    assert set(subject.order_ids) == {world.order.pk, world.guest_order.pk}

    result = buyer_erase(subject=subject, actor=admin)

    assert result.changed
    leftovers = {secret: text_columns_containing(secret) for secret in BUYER_SECRETS}
    assert {secret: where for secret, where in leftovers.items() if where} == {}
    # Orders, parts, payments, ledger and the message log kept; amounts and statuses unchanged.
    assert counts_before == {model: model.objects.count() for model in counts_before}
    assert list(Order.objects.order_by("pk").values_list("status", "grand_total")) == (
        statuses_before
    )
    assert ledger_totals() == ledger_before
    assert orders_balance(world.order, world.guest_order, world.other_order)
    world.order.refresh_from_db()
    assert world.order.contact_name == ERASED and world.order.buyer is None
    assert not SavedAddress.objects.exists()
    account = get_user_model().objects.get(pk=world.buyer.pk)
    assert not account.is_active and not account.has_usable_password()
    # The stranger's order is untouched.
    world.other_order.refresh_from_db()
    assert world.other_order.contact_name == "Nasreen Other"


def test_erased_orders_still_render_for_staff_and_by_their_link(world, admin):
    buyer_erase(subject=buyer_subject_find(username=ACCOUNT["username"]), actor=admin)
    finance = world.users["finance"]
    for url in (
        f"/admin/orders/{world.order.pk}/",
        f"/admin/orders/sub-orders/{world.order.sub_orders.first().pk}/",
        f"/admin/orders/sub-orders/{world.order.sub_orders.first().pk}/packing-slip/",
    ):
        response = logged_in(finance).get(url)
        assert response.status_code == 200, url
        assert ERASED.encode() in response.content
    world.order.refresh_from_db()
    response = logged_in(admin).get(world.order.get_absolute_url())
    assert response.status_code == 200
    assert BUYER["contact_name"].encode() not in response.content


def test_erasure_is_audited_without_personal_data_and_is_idempotent(world, admin):
    subject = buyer_subject_find(username=ACCOUNT["username"])
    first = buyer_erase(subject=subject, actor=admin)
    record = first.record
    assert record.actor == admin and record.account_id == world.buyer.pk
    assert record.counts["orders"] == 1 and record.counts["saved_addresses"] == 1
    audit_text = str(record.counts) + str(record.order_numbers)
    assert not any(secret.lower() in audit_text.lower() for secret in BUYER_SECRETS)

    again = buyer_erase(subject=buyer_subject_find(account_id=world.buyer.pk), actor=admin)

    assert not again.changed
    assert PersonalDataAction.objects.count() == 1


def test_a_guest_buyer_is_found_and_erased_by_phone(world, admin):
    subject = buyer_subject_find(phone="0321-7654329")
    assert set(subject.order_ids) == {world.order.pk, world.guest_order.pk}

    buyer_erase(subject=subject, actor=admin)

    assert text_columns_containing(BUYER_PHONE_STORED) == []
    assert text_columns_containing(BUYER["address_line1"]) == []


def test_artisan_erasure_removes_her_name_bio_and_photo_everywhere(
    world, admin, django_capture_on_commit_callbacks
):
    artisan = world.artisan
    photo = artisan.photo
    rendition = photo.get_rendition("fill-100x100")
    paths = [photo.file.path, rendition.file.path]
    assert all(os.path.exists(path) for path in paths)
    assert text_columns_containing("Durrani")

    with django_capture_on_commit_callbacks(execute=True):
        result = artisan_erase(artisan=artisan, actor=admin)

    assert result.changed
    assert text_columns_containing("Shagufta") == []
    assert text_columns_containing("Durrani") == []
    assert text_columns_containing("tanka stitching") == []
    assert not type(photo).objects.filter(pk=photo.pk).exists()
    assert not any(os.path.exists(path) for path in paths)
    artisan = ArtisanPage.objects.get(pk=artisan.pk)
    assert artisan.consent == "hidden" and artisan.photo is None
    assert artisan.full_name not in (ARTISAN_NAME,) and artisan.bio != ARTISAN_BIO
    # Her page is still there (products keep counting her), and answers 404 to the public.
    assert logged_in(admin).get(f"/admin/pages/{artisan.pk}/edit/").status_code == 200
    assert artisan_erase(artisan=artisan, actor=admin).changed is False


def test_artisan_erasure_removes_a_name_she_had_before_from_the_page_history(world, admin):
    # She was "Shagufta Durrani", then "Shagufta Baigum": the history's labels and rename data
    # hold both, and "Shagufta" is a part of the old name (replaced whole, not in pieces).
    artisan = world.artisan
    artisan.consent = ArtisanConsent.FULL_NAME
    artisan.full_name = "Shagufta Baigum"
    artisan.save_revision(user=admin, log_action=True).publish(user=admin)
    assert text_columns_containing("Durrani")

    artisan_erase(artisan=ArtisanPage.objects.get(pk=artisan.pk), actor=admin)

    for word in ("Shagufta", "Durrani", "Baigum"):
        assert text_columns_containing(word) == [], word
    # The history is kept (scrubbed), not deleted.
    assert PageLogEntry.objects.filter(page_id=artisan.pk, action="wagtail.rename").exists()
