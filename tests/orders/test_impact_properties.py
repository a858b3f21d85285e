"""Property test: whatever is sold, at whatever prices, across groups and crafts, and whatever
part is refunded, the impact figures add up to the ledger to the paisa, in total and in every
one-way breakdown (the craft shares are split by line totals, largest remainder)."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import given
from hypothesis import strategies as st

from catalog.models import ProductVariant
from marketplace.money import to_money
from orders.finance.ledger import ledger_record_refund
from orders.impact.facts import impact_facts
from orders.models import LedgerEntry, LedgerKind
from tests.factories import CraftCategoryFactory, make_group, make_product
from tests.makers.support import mark_paid, place
from tests.makers.test_maker_properties import BOUNDED, money

sales = st.lists(
    st.lists(st.tuples(st.integers(0, 5), money(1, 2_000_000), st.integers(1, 4)), max_size=4),
    min_size=1,
    max_size=3,
)  # orders: lines of (which product, unit price, quantity)


@pytest.fixture
def catalogue(site_tree):
    crafts = [
        CraftCategoryFactory(name="Embroidery", slug="embroidery"),
        CraftCategoryFactory(name="Blue pottery", slug="blue-pottery"),
    ]
    groups = [
        make_group("Lahore Embroiderers Union", delivery_charge=Decimal("150.00")),
        make_group("Hala Ajrak Cooperative", province="Sindh", district="Matiari"),
    ]
    return [
        make_product(
            groups[n % 2], f"Piece {n}", stock=1000, with_image=False, category=crafts[n // 3]
        )
        for n in range(6)
    ]


def ledger_total(kind) -> Decimal:
    return to_money(
        LedgerEntry.objects.filter(kind=kind).aggregate(total=Sum("amount"))["total"] or 0
    )


@pytest.mark.django_db
@BOUNDED
@given(orders=sales, refund_fractions=st.lists(st.integers(0, 10_000), min_size=3, max_size=3))
def test_the_impact_figures_equal_the_ledger_in_total_and_in_every_breakdown(
    catalogue, orders, refund_fractions
):
    with transaction.atomic():  # each example starts from an empty book
        for order_lines, fraction in zip(orders, refund_fractions, strict=False):
            quantities = {}
            for index, price, quantity in order_lines:
                variant = catalogue[index].variants.get()
                ProductVariant.objects.filter(pk=variant.pk).update(price=price)
                variant.refresh_from_db()
                quantities[variant] = quantities.get(variant, 0) + quantity
            if not quantities:
                continue
            order = mark_paid(place(quantities))
            refunded = (order.grand_total * fraction / 10_000).quantize(Decimal("0.01"))
            ledger_record_refund(order_id=order.pk, refunded=refunded)

        facts = impact_facts()

        assert facts.total.sales == ledger_total(LedgerKind.SALE)
        assert facts.total.commission == -ledger_total(LedgerKind.COMMISSION)
        assert facts.total.delivery == ledger_total(LedgerKind.DELIVERY)
        for dimension, cells in facts.by.items():
            assert sum((cell.sales for cell in cells), Decimal(0)) == facts.total.sales, dimension
            assert sum((c.commission for c in cells), Decimal(0)) == facts.total.commission
            assert sum((cell.delivery for cell in cells), Decimal(0)) == facts.total.delivery
        transaction.set_rollback(True)
