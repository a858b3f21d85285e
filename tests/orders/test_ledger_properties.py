"""Property tests: splits and ledger entries add up to the paisa for any order and refunds."""

import itertools
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.money import commission_split, split_by_weights, to_money
from orders.finance.ledger import ledger_record_order_paid, ledger_record_refund, refund_shares
from orders.finance.ledger_selectors import group_balance
from orders.lifecycle.orders import order_cancel
from orders.models import (
    LedgerCause,
    LedgerEntry,
    LedgerKind,
    Order,
    PaymentMethod,
    PaymentStatus,
    SubOrder,
    SubOrderStatus,
)
from tests.factories import make_group

BOUNDED = settings(
    max_examples=60,
    database=None,  # no .hypothesis folder in the working tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ZERO = Decimal("0.00")


def money(low: int = 0, high: int = 5_000_000):
    return st.integers(low, high).map(lambda paisas: Decimal(paisas).scaleb(-2))


rates = st.integers(0, 3000).map(lambda basis_points: Decimal(basis_points).scaleb(-2))
sub_order_parts = st.lists(
    st.tuples(money(1), rates, money(0, 100_000)), min_size=1, max_size=3
)  # (items, commission %, delivery)


@BOUNDED
@given(
    amount=money(-5_000_000),
    weights=st.lists(money(0, 1_000_000), min_size=1, max_size=8).filter(lambda w: sum(w) > 0),
)
def test_a_split_adds_up_to_the_amount_and_each_part_is_within_a_paisa_of_its_share(
    amount, weights
):
    parts = split_by_weights(amount, weights)

    assert sum(parts, ZERO) == amount
    assert all(part == part.quantize(Decimal("0.01")) for part in parts)
    total = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - amount * weight / total) < Decimal("0.01")
        if weight == 0:
            assert part == 0


@BOUNDED
@given(parts=sub_order_parts, fraction=st.integers(0, 10_000))
def test_refund_shares_add_up_and_never_give_back_more_than_was_earned(parts, fraction):
    rows = [(items, delivery, commission_split(items, rate)[1]) for items, rate, delivery in parts]
    total = sum((items + delivery for items, delivery, _c in rows), ZERO)
    refunded = (total * fraction / 10_000).quantize(Decimal("0.01"))

    shares = refund_shares(refunded, rows)

    assert sum((s.items + s.delivery for s in shares), ZERO) == refunded
    for share, (items, delivery, commission) in zip(shares, rows, strict=True):
        assert ZERO <= share.items <= items and ZERO <= share.delivery <= delivery
        assert ZERO <= share.commission <= commission
        assert share.items - share.commission >= 0  # a refund never costs the group extra
    full = refund_shares(total, rows)
    assert [(s.items, s.delivery, s.commission) for s in full] == rows


@pytest.fixture
def groups(site_tree):
    return [make_group(f"Group {n}") for n in range(3)]


_numbers = itertools.count(1)


def make_paid_order(groups, parts) -> Order:
    number = next(_numbers)
    rows = [(items, delivery, commission_split(items, rate)[1]) for items, rate, delivery in parts]
    items_total = sum((items for items, _d, _c in rows), ZERO)
    delivery_total = sum((delivery for _i, delivery, _c in rows), ZERO)
    order = Order.objects.create(
        number=f"PROP-{number}",
        checkout_token=f"prop-{number}",
        payment_method=PaymentMethod.CARD,
        payment_status=PaymentStatus.PAID,
        contact_name="Test buyer",
        contact_phone="0300 0000000",
        items_total=items_total,
        delivery_total=delivery_total,
        grand_total=items_total + delivery_total,
    )
    for group, (items, delivery, commission) in zip(groups, rows, strict=False):
        SubOrder.objects.create(
            order=order,
            producer_group=group,
            producer_group_name=group.title,
            items_total=items,
            delivery_charge=delivery,
            commission_total=commission,
        )
    ledger_record_order_paid(order=order)
    return order


def net(**filters) -> Decimal:
    # SQLite sums decimals in floating point: round the way the services do.
    return to_money(LedgerEntry.objects.filter(**filters).aggregate(t=Sum("amount"))["t"] or 0)


@pytest.mark.django_db
@BOUNDED
@given(
    parts=sub_order_parts,
    refund_steps=st.lists(st.integers(0, 10_000), max_size=3),
    then=st.sampled_from(["nothing", "refund in full", "cancel"]),
)
def test_ledger_entries_add_up_to_the_paisa_through_refunds_and_cancellations(
    groups, parts, refund_steps, then
):
    with transaction.atomic():  # each example starts from an empty ledger
        _check_ledger_adds_up(groups, parts, refund_steps, then)
        transaction.set_rollback(True)


def _check_ledger_adds_up(groups, parts, refund_steps, then):
    order = make_paid_order(groups, parts)
    sub_orders = list(order.sub_orders.all())
    for sub_order in sub_orders:
        assert net(sub_order=sub_order) == sub_order.group_earnings

    refunded = ZERO
    for step in refund_steps:
        refunded = min(refunded + (order.grand_total * step / 30_000).quantize(Decimal("0.01")),
                       order.grand_total)  # fmt: skip
        ledger_record_refund(order_id=order.pk, refunded=refunded)
        ledger_record_refund(order_id=order.pk, refunded=refunded)  # a redelivered webhook
        returned = net(
            sub_order__order=order, cause=LedgerCause.REFUND, kind__in=["sale", "delivery"]
        )
        assert returned == -refunded
        for sub_order in sub_orders:
            assert ZERO <= net(sub_order=sub_order) <= sub_order.group_earnings

    if then == "refund in full":
        ledger_record_refund(order_id=order.pk, refunded=order.grand_total)
    elif then == "cancel":
        SubOrder.objects.filter(order=order).update(status=SubOrderStatus.NEW)
        order_cancel(order_id=order.pk, reason="property test")
        ledger_record_refund(order_id=order.pk, refunded=order.grand_total)  # changes nothing
    if then != "nothing":
        for sub_order in sub_orders:
            for kind in (LedgerKind.SALE, LedgerKind.COMMISSION, LedgerKind.DELIVERY):
                assert net(sub_order=sub_order, kind=kind) == 0

    for group in groups:
        amounts = LedgerEntry.objects.filter(producer_group=group).values_list("amount", flat=True)
        balance = group_balance(group)
        assert balance.balance == sum(amounts, ZERO) == balance.available + balance.held
