"""Commercial terms are not part of page revisions: publishing an old revision of a group's
page must never bring back an old payout account or commission."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from catalog.models import ProducerGroupPage
from catalog.terms.services import payout_account_confirm, payout_account_propose, terms_update
from orders.finance.payouts import payout_create
from tests.factories import UserFactory, make_payable_group

pytestmark = pytest.mark.django_db


def _staff(username: str, *codenames: str):
    user = UserFactory(username=username, email=f"{username}@example.org")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_publishing_an_old_revision_does_not_restore_the_old_payout_account(site_tree):
    moderator = _staff("moderator", "manage_commercial_terms", "manage_payouts")
    finance = _staff("finance", "manage_payouts")
    group = make_payable_group(payout_account_number="PK00OLDACCOUNT")
    old_revision = group.save_revision()
    old_revision.publish()
    change = payout_account_propose(
        group_id=group.pk,
        by=moderator,
        payout_method="bank",
        payout_account_title=group.title,
        payout_account_number="PK00CURRENTACCOUNT",
        payout_bank_name="Standard Chartered",
    )
    payout_account_confirm(change_id=change.pk, by=finance)
    terms_update(
        group_id=group.pk, by=moderator, verification_status="verified", commission_rate="8.00"
    )
    group.tagline = "A newer tagline"
    group.save_revision().publish()

    old_revision.publish()  # an editor reverts the page to its old revision

    payout = payout_create(group_id=group.pk)
    assert payout.account_number == "PK00CURRENTACCOUNT"
    group = ProducerGroupPage.objects.get(pk=group.pk)
    assert group.terms.commission_rate == Decimal("8.00")


def test_a_revision_saved_with_the_old_page_fields_still_loads_and_publishes(site_tree):
    group = make_payable_group(payout_account_number="PK00CURRENTACCOUNT")
    revision = group.save_revision()
    # As revisions saved before the terms left the page hold them (migration 0005 scrubs
    # them, but a revision may come from an older backup).
    revision.content.update(
        commission_rate="1.00",
        verification_status="suspended",
        payout_method="jazzcash",
        payout_account_number="03009999999",
    )
    revision.save(update_fields=["content"])

    assert revision.as_object().title == group.title
    revision.publish()

    terms = ProducerGroupPage.objects.get(pk=group.pk).terms
    assert (terms.payout_account_number, terms.verification_status) == (
        "PK00CURRENTACCOUNT",
        "verified",
    )
