"""Commercial terms are not part of page revisions: publishing an old revision of a group's
page must never bring back an old payout account or commission."""

from decimal import Decimal

import pytest

from orders.services.payouts import payout_create
from tests.factories import make_payable_group

pytestmark = pytest.mark.django_db


def test_publishing_an_old_revision_does_not_restore_the_old_payout_account(site_tree):
    group = make_payable_group(
        payout_account_number="PK00OLDACCOUNT", verification_status="verified"
    )
    old_revision = group.save_revision()
    old_revision.publish()
    group.payout_account_number = "PK00CURRENTACCOUNT"
    group.commission_rate = Decimal("8.00")
    group.save_revision().publish()

    old_revision.publish()  # an editor reverts the page to its old revision

    payout = payout_create(group_id=group.pk)
    assert payout.account_number == "PK00CURRENTACCOUNT"
    group.refresh_from_db()
    assert group.commission_rate == Decimal("8.00")
