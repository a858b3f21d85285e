"""Cash on delivery is the courier's until remitted: only remitted cash becomes available."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.ledger_selectors import group_balance
from orders.services.payouts import payouts_run
from tests.factories import make_staff
from tests.orders.test_ledger import deliver_sub_order, place_cod

pytestmark = pytest.mark.django_db


def test_a_delivered_cash_on_delivery_parcel_is_not_available_before_the_courier_remits(
    client, settings, two_groups_catalog
):
    settings.LEDGER_HOLD_DAYS = 0
    settings.PAYOUT_MINIMUM = Decimal("100.00")
    lahore = two_groups_catalog["lahore"]
    lahore.payout_method, lahore.payout_account_number = "jazzcash", "03001234567"
    lahore.save()
    order = place_cod(client, two_groups_catalog)
    sub_order = order.sub_orders.get(producer_group=lahore)

    deliver_sub_order(sub_order, make_staff(lahore))

    later = group_balance(lahore, now=timezone.now() + timedelta(days=30))
    assert later.balance == sub_order.group_earnings == Decimal("4250.00")
    assert later.available == 0
    assert payouts_run().created == []
