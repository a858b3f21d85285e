"""Payouts built from the ledger: who is paid, how much, once; manual payouts marked by finance."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from catalog.terms.services import terms_initial_set
from marketplace.models import NotificationLog
from orders.finance.ledger_selectors import group_balance
from orders.finance.payout_runs import payouts_run
from orders.finance.payouts import (
    PayoutError,
    payout_create,
    payout_mark_failed,
    payout_mark_paid,
    payout_retry,
    payouts_mark_processing,
)
from orders.models import LedgerCause, LedgerEntry, LedgerKind, Payout, PayoutStatus
from tests.factories import UserFactory, make_payable_group, make_staff
from tests.orders.test_ledger import deliver_sub_order, net, place_cod

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    user = UserFactory(username="finance", email="finance@example.org")
    user.user_permissions.add(Permission.objects.get(codename="manage_payouts"))
    return user


def remit_cash_on_delivery(sub_order) -> None:
    """The courier hands over the parcel's cash (tests/orders/test_cod_remittances.py)."""
    from datetime import date

    from orders.finance.remittances import remittance_record

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="record_remittances"))
    remittance_record(
        by=user,
        courier="TCS",
        reference=f"R-{sub_order.pk}",
        amount=sub_order.total,
        received_on=date.today(),
        sub_order_ids=[sub_order.pk],
    )


def payout_of(group) -> Payout:
    return Payout.objects.get(producer_group=group)


def test_a_delivered_order_is_paid_out_once_its_hold_is_over(client, settings, two_groups_catalog):
    settings.LEDGER_HOLD_DAYS = 0
    settings.PAYOUT_MINIMUM = Decimal("100.00")
    lahore = two_groups_catalog["lahore"]
    terms_initial_set(group=lahore, payout_method="jazzcash", payout_account_number="03001234567")
    order = place_cod(client, two_groups_catalog)
    sub_order = order.sub_orders.get(producer_group=lahore)
    deliver_sub_order(sub_order, make_staff(lahore))
    remit_cash_on_delivery(sub_order)

    run = payouts_run()

    payout = payout_of(lahore)
    assert run.created == [payout.pk]
    # Rs 4,500 less 10% commission, plus the Rs 200 delivery charge the group keeps.
    assert payout.amount == sub_order.group_earnings == Decimal("4250.00")
    assert (payout.status, payout.method, payout.account_number) == (
        "pending",
        "jazzcash",
        "03001234567",
    )
    debit = LedgerEntry.objects.get(payout=payout)
    assert (debit.kind, debit.cause, debit.amount) == ("payout", "payout", Decimal("-4250.00"))
    assert group_balance(lahore).available == 0
    # Thar's sub-order is not delivered (and Thar has no payout details): nothing for Thar.
    assert not Payout.objects.filter(producer_group=two_groups_catalog["thar"]).exists()


def test_earnings_still_held_are_not_paid_out(client, settings, two_groups_catalog):
    settings.LEDGER_HOLD_DAYS = 7
    settings.PAYOUT_MINIMUM = Decimal("100.00")
    lahore = two_groups_catalog["lahore"]
    terms_initial_set(
        group=lahore,
        payout_method="bank",
        payout_account_number="PK36SCBL0000001123456702",
        payout_bank_name="Standard Chartered",
    )
    order = place_cod(client, two_groups_catalog)
    sub_order = order.sub_orders.get(producer_group=lahore)
    deliver_sub_order(sub_order, make_staff(lahore))
    remit_cash_on_delivery(sub_order)

    assert payouts_run().created == []
    assert group_balance(lahore).held == Decimal("4250.00")


def test_groups_below_the_minimum_or_without_details_are_skipped_and_others_paid(
    site_tree, settings
):
    settings.PAYOUT_MINIMUM = Decimal("1000.00")
    small = make_payable_group("Small Group", earned=Decimal("999.99"))
    no_details = make_payable_group("No Details", earned=Decimal("3000.00"), payout_method="")
    stripe_in_pakistan = make_payable_group(
        "Karachi Stripe", payout_method="stripe", stripe_account_id="acct_1", country="PK"
    )
    paid = make_payable_group("Hala Ralli Makers", earned=Decimal("1000.00"))

    run = payouts_run()

    assert run.created == [payout_of(paid).pk]
    assert set(run.skipped) == {no_details.pk, stripe_in_pakistan.pk}
    assert "payout method" in run.skipped[no_details.pk]
    assert "Pakistan" in run.skipped[stripe_in_pakistan.pk]
    assert not Payout.objects.filter(producer_group=small).exists()


def test_a_second_run_pays_nothing_while_a_payout_is_on_its_way(site_tree):
    group = make_payable_group(earned=Decimal("5000.00"))
    payouts_run()
    # Its balance is taken, and that is not the reason given: the payout on its way is.
    with pytest.raises(PayoutError, match="already on its way"):
        payout_create(group_id=group.pk)
    LedgerEntry.objects.create(
        producer_group=group,
        kind=LedgerKind.SALE,
        cause=LedgerCause.PAID,
        amount=Decimal("2000.00"),
        event_key="test-credit:later",
        available_from=payout_of(group).created_at,
    )

    assert payouts_run().created == []
    with pytest.raises(PayoutError, match="already on its way"):
        payout_create(group_id=group.pk)
    terms_initial_set(group=group, verification_status="suspended")
    with pytest.raises(PayoutError, match="already on its way"):  # before any other reason
        payout_create(group_id=group.pk)
    assert Payout.objects.count() == 1


def block_next_payout_debits(group, count: int = 1) -> None:
    """Stray debits already hold the keys the next `count` payouts' debits will take (the key
    is unique per group): the database refuses this group's payout for a reason other than a
    payout in flight, whichever of those ids it gets."""
    throwaway = Payout.objects.create(producer_group=group, amount=Decimal("1.00"), method="bank")
    next_payout_id = throwaway.pk + 1  # ids are never reused (a sequence; AUTOINCREMENT)
    throwaway.delete()
    for payout_id in range(next_payout_id, next_payout_id + count):
        LedgerEntry.objects.create(
            producer_group=group,
            kind=LedgerKind.PAYOUT,
            cause=LedgerCause.PAYOUT,
            amount=Decimal("-1.00"),
            event_key=f"payout:{payout_id}",
            available_from=throwaway.created_at,
        )


def test_an_integrity_error_other_than_a_payout_in_flight_is_not_reported_as_one(site_tree):
    """Only the one-open-payout constraint means "on its way"; any other refusal is a fault
    to surface (and roll back), not a reason to give finance."""
    from django.db import IntegrityError

    group = make_payable_group(earned=Decimal("5000.00"))
    block_next_payout_debits(group)

    with pytest.raises(IntegrityError):
        payout_create(group_id=group.pk)
    assert not Payout.objects.exists()  # nothing half-written


def test_a_group_the_database_refuses_is_skipped_and_the_run_pays_the_others(site_tree, caplog):
    import logging

    from django.db import IntegrityError

    refused = make_payable_group("Hala Ralli Makers", earned=Decimal("5000.00"))
    paid = make_payable_group("Kasur Khussa Cooperative", earned=Decimal("3000.00"))
    # Refused whether it is built first or second, in its batch or, after the batch is
    # rolled back, alone (on PostgreSQL the batch's ids are spent: the sequence moves on).
    block_next_payout_debits(refused, count=4)

    with caplog.at_level(logging.ERROR, logger="orders.finance.payout_runs"):
        run = payouts_run()

    assert run.created == [payout_of(paid).pk]
    assert "database refused" in run.skipped[refused.pk]
    assert not Payout.objects.filter(producer_group=refused).exists()
    [logged] = [
        record
        for record in caplog.records
        if record.name == "orders.finance.payout_runs" and record.exc_info
    ]
    assert issubclass(logged.exc_info[0], IntegrityError)  # the fault's trace, for the team
    assert logged.args == (refused.pk,)


def test_after_a_payout_is_paid_the_next_one_covers_only_new_earnings(site_tree, finance):
    group = make_payable_group(earned=Decimal("5000.00"))
    first = payout_create(group_id=group.pk)
    payout_mark_paid(payout_id=first.pk, reference="FT-1", by=finance)
    LedgerEntry.objects.create(
        producer_group=group,
        kind=LedgerKind.SALE,
        cause=LedgerCause.PAID,
        amount=Decimal("1500.50"),
        event_key="test-credit:new",
        available_from=first.created_at,
    )

    second = payout_create(group_id=group.pk)

    assert second.amount == Decimal("1500.50")
    assert net(producer_group=group) == 0


def test_finance_exports_then_marks_a_manual_payout_paid_and_the_group_hears(
    site_tree, finance, mailoutbox, django_capture_on_commit_callbacks
):
    group = make_payable_group(earned=Decimal("5000.00"))
    payout = payout_create(group_id=group.pk)

    exported = payouts_mark_processing(payout_ids=[payout.pk], by=finance)
    again = payouts_mark_processing(payout_ids=[payout.pk], by=finance)
    with django_capture_on_commit_callbacks(execute=True):
        paid = payout_mark_paid(payout_id=payout.pk, reference=" FT2611230001 ", by=finance)

    assert [p.pk for p in exported] == [p.pk for p in again] == [payout.pk]
    assert (paid.status, paid.reference, paid.closed_by) == ("paid", "FT2611230001", finance)
    sent = NotificationLog.objects.filter(event="payout_sent")
    assert sorted(sent.values_list("channel", flat=True)) == ["email", "sms"]
    assert any("FT2611230001" in message.body for message in mail.outbox)


def test_marking_paid_twice_is_harmless_but_another_reference_is_refused(site_tree, finance):
    payout = payout_create(group_id=make_payable_group().pk)
    payout_mark_paid(payout_id=payout.pk, reference="FT-1", by=finance)
    payout_mark_paid(payout_id=payout.pk, reference="FT-1", by=finance)

    with pytest.raises(PayoutError, match="FT-1"):
        payout_mark_paid(payout_id=payout.pk, reference="FT-2", by=finance)
    with pytest.raises(PayoutError, match="reference"):
        payout_mark_paid(payout_id=payout.pk, reference="   ", by=finance)
    assert NotificationLog.objects.filter(event="payout_sent").count() == 2  # email + SMS, once


def test_a_failed_payout_returns_the_money_tells_finance_and_can_be_retried(site_tree, finance):
    group = make_payable_group(earned=Decimal("5000.00"))
    payout = payout_create(group_id=group.pk)
    payouts_mark_processing(payout_ids=[payout.pk], by=finance)

    failed = payout_mark_failed(payout_id=payout.pk, reason="Account closed", by=finance)
    payout_mark_failed(payout_id=payout.pk, reason="Again", by=finance)  # changes nothing

    assert (failed.status, failed.failure_reason) == ("failed", "Account closed")
    returned = LedgerEntry.objects.get(payout=payout, cause=LedgerCause.PAYOUT_RETURNED)
    assert returned.amount == Decimal("5000.00")
    assert group_balance(group).available == Decimal("5000.00")
    alert = NotificationLog.objects.get(event="payout_failed")
    assert alert.recipient == "finance@example.org"
    assert "Account closed" in alert.body
    with pytest.raises(PayoutError):
        payout_mark_paid(payout_id=payout.pk, reference="FT-late", by=finance)

    retry = payout_retry(payout_id=payout.pk, by=finance)

    assert payout_retry(payout_id=payout.pk, by=finance) == retry
    assert (retry.retry_of, retry.amount, retry.status) == (payout, Decimal("5000.00"), "pending")
    assert group_balance(group).available == 0


def test_a_paid_payout_cannot_fail_and_only_failed_payouts_are_retried(site_tree, finance):
    payout = payout_create(group_id=make_payable_group().pk)
    with pytest.raises(PayoutError, match="Only a failed payout"):
        payout_retry(payout_id=payout.pk, by=finance)
    payout_mark_paid(payout_id=payout.pk, reference="FT-1", by=finance)
    with pytest.raises(PayoutError, match="paid"):
        payout_mark_failed(payout_id=payout.pk, reason="Oops", by=finance)
    assert not LedgerEntry.objects.filter(cause=LedgerCause.PAYOUT_RETURNED).exists()


def test_stripe_payouts_are_never_marked_by_hand(
    site_tree, settings, finance, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = "sk_test_unreachable"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # the send fails: it stays processing
    group = make_payable_group(payout_method="stripe", stripe_account_id="acct_1", country="IN")
    with django_capture_on_commit_callbacks(execute=True):
        payout = payout_create(group_id=group.pk)
    payout.refresh_from_db()
    assert (payout.status, payout.attempts) == (PayoutStatus.PROCESSING, 1)

    with pytest.raises(PayoutError, match="Stripe"):
        payout_mark_paid(payout_id=payout.pk, reference="FT-1", by=finance)
    with pytest.raises(PayoutError, match="Stripe"):
        payout_mark_failed(payout_id=payout.pk, reason="Looks stuck", by=finance)
    assert payouts_mark_processing(payout_ids=[payout.pk], by=finance) == []
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PROCESSING


def test_a_payout_keeps_the_account_it_was_built_for(site_tree, finance):
    group = make_payable_group()
    payout = payout_create(group_id=group.pk)
    terms_initial_set(group=group, payout_account_number="PK00NEWACCOUNT")

    payout.refresh_from_db()
    assert payout.account_number == "PK36SCBL0000001123456702"


def test_the_run_payouts_command_reports_what_it_built_and_skipped(site_tree):
    from io import StringIO

    from django.core.management import call_command

    paid = make_payable_group("Hala Ralli Makers")
    unpaid = make_payable_group("No Details", payout_method="")
    output = StringIO()

    call_command("run_payouts", stdout=output)

    assert "Built 1 payout(s)" in output.getvalue()
    assert f"Skipped group {unpaid.pk}: The group has no payout method." in output.getvalue()
    assert payout_of(paid).status == PayoutStatus.PENDING
