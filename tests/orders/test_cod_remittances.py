"""Cash on delivery is the courier's until remitted: only remitted cash becomes available."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from catalog.terms.services import terms_initial_set
from orders.finance.ledger_selectors import group_balance
from orders.finance.payout_runs import payouts_run
from orders.finance.remittance_selectors import remittances_for_user, sub_orders_awaiting_remittance
from orders.finance.remittances import (
    RemittanceError,
    remittance_record,
    remittance_resolve,
    remittance_void,
)
from orders.models import CourierRemittance, LedgerEntry, RemittanceStatus
from tests.factories import UserFactory, make_staff
from tests.orders.test_ledger import deliver_sub_order, place_cod

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    user = UserFactory(username="finance")
    user.user_permissions.add(Permission.objects.get(codename="record_remittances"))
    return user


@pytest.fixture
def delivered(client, settings, two_groups_catalog):
    """A cash-on-delivery order of both groups, both parcels delivered by TCS; Lahore payable."""
    settings.LEDGER_HOLD_DAYS = 0
    settings.PAYOUT_MINIMUM = Decimal("100.00")
    lahore, thar = two_groups_catalog["lahore"], two_groups_catalog["thar"]
    terms_initial_set(group=lahore, payout_method="jazzcash", payout_account_number="03001234567")
    order = place_cod(client, two_groups_catalog)
    parts = {}
    for name, group in (("lahore", lahore), ("thar", thar)):
        parts[name] = order.sub_orders.get(producer_group=group)
        deliver_sub_order(parts[name], make_staff(group))
    return {**two_groups_catalog, "order": order, **{f"{k}_part": v for k, v in parts.items()}}


def remit(finance, *sub_orders, amount=None, reference="TCS-R1", **fields) -> CourierRemittance:
    return remittance_record(
        by=finance,
        courier="TCS",
        reference=reference,
        amount=sum(s.total for s in sub_orders) if amount is None else Decimal(amount),
        received_on=date.today(),
        sub_order_ids=[s.pk for s in sub_orders],
        **fields,
    )


def test_a_delivered_cash_on_delivery_parcel_is_not_available_before_the_courier_remits(
    client, settings, two_groups_catalog
):
    settings.LEDGER_HOLD_DAYS = 0
    settings.PAYOUT_MINIMUM = Decimal("100.00")
    lahore = two_groups_catalog["lahore"]
    terms_initial_set(group=lahore, payout_method="jazzcash", payout_account_number="03001234567")
    order = place_cod(client, two_groups_catalog)
    sub_order = order.sub_orders.get(producer_group=lahore)

    deliver_sub_order(sub_order, make_staff(lahore))

    later = group_balance(lahore, now=timezone.now() + timedelta(days=30))
    assert later.balance == sub_order.group_earnings == Decimal("4250.00")
    assert later.available == 0
    assert payouts_run().created == []


def test_delivered_unremitted_cash_shows_as_cash_with_courier(delivered):
    balance = group_balance(delivered["lahore"])
    assert (balance.balance, balance.available, balance.held, balance.with_courier) == (
        Decimal("4250.00"),
        0,
        0,
        Decimal("4250.00"),
    )


def test_a_matching_remittance_makes_the_money_available_and_it_is_paid_out(delivered, finance):
    lahore_part, thar_part = delivered["lahore_part"], delivered["thar_part"]
    # What the courier collected: items + delivery of each parcel.
    assert lahore_part.total + thar_part.total == Decimal("4700.00") + Decimal("10299.99")

    remittance = remit(finance, lahore_part, thar_part, amount="14999.99")

    assert remittance.status == RemittanceStatus.OK
    assert remittance.expected_amount == Decimal("14999.99")
    lahore = group_balance(delivered["lahore"])
    assert (lahore.available, lahore.with_courier) == (Decimal("4250.00"), 0)
    assert payouts_run().created != []
    assert not sub_orders_awaiting_remittance(finance).exists()


def test_money_is_not_available_before_the_hold_ends_even_once_remitted(
    delivered, finance, settings
):
    settings.LEDGER_HOLD_DAYS = 7
    part = delivered["lahore_part"]
    remit(finance, part)
    # The hold counted from delivery: still held today, available a week on.
    entries = LedgerEntry.objects.filter(sub_order=part)
    assert all(entry.available_from is not None for entry in entries)
    assert group_balance(delivered["lahore"]).available == Decimal("0.00")
    in_a_week = group_balance(delivered["lahore"], now=timezone.now() + timedelta(days=7, hours=1))
    assert in_a_week.available == Decimal("4250.00")


def test_a_remittance_that_does_not_match_is_flagged_and_makes_nothing_available(
    delivered, finance
):
    part = delivered["lahore_part"]

    remittance = remit(finance, part, amount="4699.99")

    assert remittance.status == RemittanceStatus.FLAGGED
    assert remittance.difference == Decimal("-0.01")
    balance = group_balance(delivered["lahore"])
    assert (balance.available, balance.with_courier) == (0, Decimal("4250.00"))
    assert payouts_run().created == []
    assert list(remittances_for_user(finance))[0] == remittance  # flagged ones first
    # Still covered: it cannot be remitted again until finance voids the flagged one.
    with pytest.raises(RemittanceError, match="Already covered"):
        remit(finance, part, reference="TCS-R2")


def test_finance_resolves_a_flagged_remittance_with_a_correction_and_a_note(delivered, finance):
    part = delivered["lahore_part"]
    remittance = remit(finance, part, amount="4200.00")

    with pytest.raises(RemittanceError, match="Say how"):
        remittance_resolve(by=finance, remittance_id=remittance.pk, note=" ")
    resolved = remittance_resolve(
        by=finance,
        remittance_id=remittance.pk,
        correction=Decimal("500.00"),
        note="TCS paid the missing Rs 500 on receipt 4411",
    )

    assert resolved.status == RemittanceStatus.RESOLVED
    assert resolved.difference == 0
    assert group_balance(delivered["lahore"]).available == Decimal("4250.00")
    with pytest.raises(RemittanceError, match="Only a flagged"):
        remittance_void(by=finance, remittance_id=remittance.pk, note="too late")


def test_a_voided_flagged_remittance_frees_its_parcels_to_be_recorded_again(delivered, finance):
    part = delivered["lahore_part"]
    wrong = remit(finance, part, amount="470.00")

    remittance_void(by=finance, remittance_id=wrong.pk, note="typed 470 for 4,700")
    again = remit(finance, part)  # the same reference may be used again once void

    assert (wrong.__class__.objects.get(pk=wrong.pk).status, again.status) == ("void", "ok")
    assert group_balance(delivered["lahore"]).available == Decimal("4250.00")


def test_a_parcel_cannot_be_covered_by_two_remittances(delivered, finance):
    part = delivered["lahore_part"]
    remit(finance, part)
    with pytest.raises(RemittanceError, match="Already covered"):
        remit(finance, part, reference="TCS-R2")
    assert CourierRemittance.objects.count() == 1


def test_only_delivered_cash_on_delivery_parcels_sent_by_courier_can_be_remitted(
    client, two_groups_catalog, finance
):
    order = place_cod(client, two_groups_catalog)
    not_delivered = order.sub_orders.first()
    with pytest.raises(RemittanceError, match="Only delivered cash-on-delivery"):
        remit(finance, not_delivered)
    assert not CourierRemittance.objects.exists()


def test_a_reference_is_recorded_once_per_courier(delivered, finance):
    remit(finance, delivered["lahore_part"])
    with pytest.raises(RemittanceError):
        remit(finance, delivered["thar_part"])


def test_only_finance_records_remittances(delivered):
    staff = make_staff(delivered["lahore"], username="lahore-2")
    with pytest.raises(PermissionDenied):
        remit(staff, delivered["lahore_part"])
    assert not sub_orders_awaiting_remittance(staff).exists()


def test_the_finance_group_may_record_remittances(delivered):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Finance"))
    assert remit(user, delivered["lahore_part"]).status == RemittanceStatus.OK
