"""Property tests: for any order, makers and rates, the split adds up to what the buyer paid,
to the paisa; a maker's owed − paid is her statement, whatever is earned and paid."""

import uuid
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import MakerRate, ProductVariant
from marketplace.money import commission_split, to_money
from orders.finance.ledger import ledger_record_refund
from orders.finance.maker_payments import MakerPaymentLine, maker_payments_record
from orders.finance.maker_selectors import maker_accounts, maker_owed, order_money_split
from orders.finance.makers_admin import makers_group_csv
from orders.models import MakerEarning, MakerPayment
from tests.factories import make_artisan, make_group, make_product, make_staff
from tests.makers.support import mark_paid, place

BOUNDED = settings(
    max_examples=25,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ZERO = Decimal("0.00")


def money(low: int, high: int):
    return st.integers(low, high).map(lambda paisas: Decimal(paisas).scaleb(-2))


maker_rates = st.lists(st.tuples(money(0, 500_000), money(1, 4_000)), max_size=3)
lines = st.lists(
    st.tuples(money(100, 2_000_000), st.integers(1, 4), maker_rates), min_size=1, max_size=3
)  # (unit price, quantity, [(piece rate, hours)]) for each product


@pytest.fixture
def shop(site_tree):
    """Two groups (10% and 12.5%), three products each, three artisans each."""
    groups = [
        make_group("Lahore Embroiderers Union", delivery_charge=Decimal("200.00")),
        make_group("Thar Ralli Cooperative", commission_rate=Decimal("12.50")),
    ]
    return {
        group: (
            [make_product(group, f"Piece {n}", stock=100, with_image=False) for n in range(3)],
            [make_artisan(group, full_name=f"Artisan {group.pk}-{n}") for n in range(3)],
        )
        for group in groups
    }


@pytest.mark.django_db
@BOUNDED
@given(
    order_lines=lines,
    refund_fraction=st.integers(0, 10_000),
    group_choice=st.lists(st.booleans(), min_size=3, max_size=3),
)
def test_makers_group_commission_and_delivery_add_up_to_what_the_buyer_paid(
    shop, order_lines, refund_fraction, group_choice
):
    with transaction.atomic():  # each example starts from an empty book
        _check_split(shop, order_lines, refund_fraction, group_choice)
        transaction.set_rollback(True)


def _check_split(shop, order_lines, refund_fraction, group_choice):
    groups = list(shop)
    quantities, expected_makers, expected_commission = {}, ZERO, ZERO
    for index, (price, quantity, rates) in enumerate(order_lines):
        group = groups[int(group_choice[index])]
        products, artisans = shop[group]
        product = products[index]
        variant = product.variants.get()
        ProductVariant.objects.filter(pk=variant.pk).update(price=price)
        variant.refresh_from_db()
        for artisan, (piece_rate, hours) in zip(artisans, rates, strict=False):
            MakerRate.objects.create(
                product=product, artisan=artisan, piece_rate=piece_rate, hours_per_piece=hours
            )
            expected_makers += to_money(piece_rate * quantity)
        rate = group.commercial_terms.commission_rate
        expected_commission += commission_split(to_money(price * quantity), rate)[1]
        quantities[variant] = quantity

    order = mark_paid(place(quantities))
    split = order_money_split(order.pk)

    assert split.total == order.grand_total
    assert split.makers == expected_makers
    assert split.commission == expected_commission
    assert split.delivery == order.delivery_total

    refunded = (order.grand_total * refund_fraction / 10_000).quantize(Decimal("0.01"))
    ledger_record_refund(order_id=order.pk, refunded=refunded)
    after = order_money_split(order.pk)

    assert after.total == order.grand_total - refunded
    assert ZERO <= after.makers <= expected_makers
    if refunded == order.grand_total:
        assert after == type(after)(ZERO, ZERO, ZERO, ZERO)


@pytest.mark.django_db
@BOUNDED
@given(
    sold=st.lists(st.integers(0, 3), min_size=3, max_size=3),
    payments=st.lists(st.tuples(st.integers(0, 2), money(1, 300_000)), max_size=5),
)
def test_what_a_maker_is_owed_less_what_she_was_paid_is_her_statement(shop, rf, sold, payments):
    with transaction.atomic():
        _check_statement(shop, rf, sold, payments)
        transaction.set_rollback(True)


def _check_statement(shop, rf, sold, payments):
    group = next(iter(shop))
    products, artisans = shop[group]
    staff = make_staff(group, username=f"staff-{uuid.uuid4().hex[:8]}")
    for artisan, product in zip(artisans, products, strict=True):
        MakerRate.objects.create(
            product=product, artisan=artisan, piece_rate="333.33", hours_per_piece="3"
        )
    quantities = {p.variants.get(): n for p, n in zip(products, sold, strict=True) if n}
    if quantities:
        mark_paid(place(quantities))
    for who, amount in payments:
        maker_payments_record(
            group_id=group.pk,
            by=staff,
            paid_on="2026-11-30",
            method="jazzcash",
            batch_token=uuid.uuid4(),
            lines=[MakerPaymentLine(artisans[who].pk, amount)],
        )

    accounts = {account.artisan_id: account for account in maker_accounts(group)}
    request = rf.get("/")
    request.user = staff
    csv_rows = makers_group_csv(request, group.pk).content.decode("utf-8-sig").splitlines()[1:]
    for artisan in artisans:
        earned = MakerEarning.objects.filter(artisan=artisan).aggregate(t=Sum("amount"))["t"]
        paid = MakerPayment.objects.filter(artisan=artisan).aggregate(t=Sum("amount"))["t"]
        owed = to_money(earned or 0) - to_money(paid or 0)
        account = accounts[artisan.pk]
        assert account.owed == account.earned - account.paid == owed == maker_owed(artisan)
        assert f"{artisan.full_name},{account.pieces},{account.earned},{account.paid},{owed}" in (
            csv_rows
        )


@BOUNDED
@given(
    price=money(100, 5_000_000),
    percent=st.integers(0, 3000).map(lambda basis: Decimal(basis).scaleb(-2)),
    piece_rates=st.lists(money(0, 2_000_000), max_size=4),
)
def test_a_products_split_adds_up_to_its_price_and_its_bar_fills_exactly(
    price, percent, piece_rates
):
    from catalog.makers.price_split import PriceSplit, price_split
    from catalog.makers.selectors import FairWageCheck, FairWageStatus

    makers, group, commission = price_split(
        price=price, commission_percent=percent, piece_rates=piece_rates
    )
    assert makers + group + commission == price
    split = PriceSplit(
        price=price,
        makers=makers,
        maker_count=len(piece_rates),
        group_part=group,
        commission=commission,
        commission_percent=percent,
        delivery=Decimal("250.00"),
        fair_wage=FairWageCheck(FairWageStatus.UNKNOWN, None, None),
    )
    if group >= 0:
        assert sum((part.width for part in split.bar), ZERO) == 100
    else:
        assert split.bar == []  # rates above the group's share: no picture rather than a false one
