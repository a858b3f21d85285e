"""Money after a payout: a refund or return leaves the group owing, and the next payouts net it.

A payout never sends more than the group's net balance: what it owes is taken from its
next earnings first, and it gets nothing until those cover the debt and the minimum again.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.terms.services import terms_initial_set
from orders.finance.ledger_selectors import group_balance, group_payable
from orders.finance.payout_runs import groups_owed_at_least, payouts_run
from orders.finance.payouts import PayoutError, payout_create, payout_mark_paid
from orders.lifecycle.sub_orders import sub_order_return
from orders.models import (
    LedgerCause,
    LedgerEntry,
    LedgerKind,
    OrderStatus,
    Payout,
)
from orders.payments.refunds import order_refund
from tests.factories import UserFactory, make_payable_group, make_staff
from tests.fakes.stripe_server import deliver, event
from tests.orders.test_ledger import deliver_sub_order, net
from tests.orders.test_stripe_checkout import place_card_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    user = UserFactory(username="finance")
    user.user_permissions.add(
        Permission.objects.get(codename="manage_payouts"),
        Permission.objects.get(codename="manage_all_orders"),
    )
    return user


@pytest.fixture
def low_minimum(settings):
    settings.PAYOUT_MINIMUM = Decimal("100.00")
    settings.LEDGER_HOLD_DAYS = 0


def entry(group, amount: str, key: str, *, available: bool = True, cause=LedgerCause.PAID):
    """One ledger entry as the services leave it (available now, or still held)."""
    now = timezone.now()
    return LedgerEntry.objects.create(
        producer_group=group,
        kind=LedgerKind.SALE,
        cause=cause,
        amount=Decimal(amount),
        event_key=f"test:{key}",
        available_from=now - timedelta(days=1) if available else now + timedelta(days=5),
    )


def pay_out(group, finance) -> Payout:
    payout = payouts_run().created
    assert len(payout) == 1, "expected one payout"
    return payout_mark_paid(payout_id=payout[0], reference=f"FT-{payout[0]}", by=finance)


def test_a_refund_after_a_payout_is_owed_and_netted_from_the_next_payout_to_the_paisa(
    site_tree, low_minimum, finance
):
    group = make_payable_group(earned=Decimal("5000.00"))
    assert pay_out(group, finance).amount == Decimal("5000.00")

    entry(group, "-1200.00", "refund", cause=LedgerCause.REFUND)  # its sale was available
    balance = group_balance(group)
    assert (balance.balance, balance.available, balance.owed) == (
        Decimal("-1200.00"),
        Decimal("-1200.00"),
        Decimal("1200.00"),
    )
    assert payouts_run().created == []  # a group in debt gets no payout

    entry(group, "3000.00", "new sale")

    payout = pay_out(group, finance)
    assert payout.amount == Decimal("1800.00")
    assert group_balance(group).balance == Decimal("0.00")


def test_a_group_in_debt_is_paid_only_once_its_net_balance_reaches_the_minimum_again(
    site_tree, low_minimum, finance
):
    group = make_payable_group(earned=Decimal("500.00"))
    pay_out(group, finance)
    entry(group, "-450.00", "refund", cause=LedgerCause.REFUND)
    entry(group, "549.99", "small sale")  # net 99.99: below the Rs 100 minimum

    assert payouts_run().created == []
    assert groups_owed_at_least(Decimal("100.00")) == {}

    entry(group, "0.01", "one paisa more")

    assert pay_out(group, finance).amount == Decimal("100.00")


def test_money_owed_on_held_entries_is_netted_before_anything_available_is_paid(
    site_tree, low_minimum
):
    group = make_payable_group(earned=Decimal("3000.00"))
    entry(group, "-1200.00", "owed later", available=False, cause=LedgerCause.REFUND)
    balance = group_balance(group)
    assert (balance.available, balance.held, balance.payable) == (
        Decimal("3000.00"),
        Decimal("-1200.00"),
        Decimal("1800.00"),
    )

    assert groups_owed_at_least(Decimal("100.00")) == {group.pk: Decimal("1800.00")}
    assert payout_create(group_id=group.pk).amount == Decimal("1800.00")


def test_a_group_whose_earnings_are_all_still_held_is_owed_nothing(site_tree, low_minimum):
    """Nothing available yet: no payout, and no row on finance's owed list. (PostgreSQL's
    LEAST skips a NULL, so "available, never more than the balance" once read as the whole
    held balance there; test_payout_netting_postgres.py runs this on PostgreSQL.)"""
    group = make_payable_group(earned=Decimal("0"))
    entry(group, "5000.00", "delivered last week", available=False)

    assert group_balance(group).payable == group_payable(group.pk) == Decimal("0.00")
    assert groups_owed_at_least(Decimal("100.00")) == {}
    run = payouts_run()
    assert (run.created, run.skipped) == ([], {})


def test_a_group_owed_exactly_the_minimum_after_a_refund_is_paid(site_tree, low_minimum):
    """Rs 1,095.36 earned, Rs 995.36 refunded: owed exactly the Rs 100 minimum. (SQLite sums
    decimals in floating point, to 99.99999999999989 here: compared in SQL alone, the group
    was left off the owed list on the database `make run` uses.)"""
    group = make_payable_group(earned=Decimal("1095.36"))
    entry(group, "-995.36", "refund", cause=LedgerCause.REFUND)

    assert groups_owed_at_least(Decimal("100.00")) == {group.pk: Decimal("100.00")}
    assert [Payout.objects.get(pk=pk).amount for pk in payouts_run().created] == [Decimal("100.00")]


ENTRIES = st.lists(
    st.tuples(
        st.integers(-500_000, 500_000).filter(bool).map(lambda paisas: Decimal(paisas).scaleb(-2)),
        # Undelivered: no date yet (available_from NULL), as entries of parcels on their way.
        st.sampled_from(["available", "held", "undelivered"]),
    ),
    max_size=6,
)


@pytest.fixture
def group_with_no_earnings(site_tree, low_minimum):
    return make_payable_group(earned=Decimal("0"))


@settings(
    max_examples=40,
    database=None,  # no .hypothesis folder in the working tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=ENTRIES)
def test_a_payout_sends_what_the_statement_calls_payable_for_any_mix_of_entries(
    group_with_no_earnings, entries
):
    """group_payable (what payout_create pays) and the run's owed list read the payable
    amount in one light statement; the statement reads it from the full balance. They must
    agree to the paisa."""
    group = group_with_no_earnings
    minimum = Decimal("100.00")
    with transaction.atomic():  # each example starts from an empty ledger
        now = timezone.now()
        when = {"available": now - timedelta(days=1), "held": now + timedelta(days=5)}
        for number, (amount, state) in enumerate(entries):
            LedgerEntry.objects.create(
                producer_group=group,
                kind=LedgerKind.SALE if amount > 0 else LedgerKind.COMMISSION,
                cause=LedgerCause.PAID,
                amount=amount,
                event_key=f"property:{number}",
                available_from=when.get(state),
            )

        payable = group_balance(group).payable
        assert group_payable(group.pk) == payable
        expected_owed = {group.pk: payable} if payable >= minimum else {}
        assert groups_owed_at_least(minimum) == expected_owed
        transaction.set_rollback(True)


def test_new_earnings_beside_a_payout_on_its_way_are_refused_and_leave_nothing_behind(
    site_tree, low_minimum
):
    """The one-open-payout constraint refuses the second payout at its INSERT (on SQLite and
    PostgreSQL): the same message as any refusal, the transaction rolled back whole."""
    group = make_payable_group(earned=Decimal("3000.00"))
    first = payout_create(group_id=group.pk)
    entry(group, "2000.00", "new earnings")

    with pytest.raises(PayoutError, match="already on its way"):
        payout_create(group_id=group.pk)

    assert list(Payout.objects.values_list("pk", flat=True)) == [first.pk]
    assert group_payable(group.pk) == Decimal("2000.00")  # still owed, no debit left behind


def delivered_card_order(client, stripe_server, catalog, finance):
    """One shawl (Rs 4,500 at 10%, Rs 200 delivery) paid by card and delivered: the group
    earns Rs 4,250, available at once (no hold in these tests)."""
    group = catalog["lahore"]
    terms_initial_set(group=group, payout_method="jazzcash", payout_account_number="03001234567")
    order, session_id = place_card_order(client, catalog["shawl"], 1)
    deliver(client, event("checkout.session.completed", stripe_server.pay(session_id)))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    sub_order = order.sub_orders.get()
    staff = User.objects.filter(username=f"staff-{group.slug}").first() or make_staff(group)
    deliver_sub_order(sub_order, staff)
    return order, sub_order


def test_a_card_refund_after_the_payout_is_taken_from_the_next_order_to_the_paisa(
    client, stripe_server, two_groups_catalog, low_minimum, finance
):
    group = two_groups_catalog["lahore"]
    order, sub_order = delivered_card_order(client, stripe_server, two_groups_catalog, finance)
    assert pay_out(group, finance).amount == Decimal("4250.00")

    order_refund(order_id=order.pk, by=finance, amount=Decimal("1200.00"))

    taken_back = net(sub_order=sub_order, cause=LedgerCause.REFUND)
    assert Decimal("-1200.00") < taken_back < 0  # the commission on it comes back too
    balance = group_balance(group)
    assert balance.balance == balance.available == taken_back  # owed at once, not "held"

    _second, _sub = delivered_card_order(client, stripe_server, two_groups_catalog, finance)

    assert pay_out(group, finance).amount == Decimal("4250.00") + taken_back
    assert group_balance(group).balance == Decimal("0.00")


def test_a_refund_recorded_after_the_parcel_came_back_is_owed_at_once_not_held(
    client, stripe_server, two_groups_catalog, low_minimum, finance
):
    """A return moves the sub-order out of "delivered" before its refund is recorded: the
    refund still shares the sub-order's availability date, so the debt is not hidden as
    held while the next payout pays the group's new earnings in full."""
    group = two_groups_catalog["lahore"]
    order, sub_order = delivered_card_order(client, stripe_server, two_groups_catalog, finance)
    pay_out(group, finance)
    sub_order_return(by=finance, sub_order_id=sub_order.pk, reason="came back torn")

    balance = group_balance(group)
    assert balance.balance == balance.available == Decimal("-4250.00")
    assert balance.held == Decimal("0.00")
    entry(group, "3000.00", "new sale")
    assert payouts_run().created == []  # still owes Rs 1,250
