"""Cash taken at a mela: the group keeps it and owes the commission, netted from its payout."""

import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db.models import Sum

from events.models import StallSale
from events.models.pages import mela_today
from events.services import stall_sale_record
from marketplace.money import to_money
from orders.finance.ledger_selectors import group_balance
from orders.finance.mela_cash import ledger_record_stall_sale
from orders.finance.payouts import payout_create
from orders.lifecycle.payments import transfer_verify
from orders.models import LedgerCause, LedgerEntry, LedgerKind, Order, Payment
from tests.factories import (
    UserFactory,
    make_application,
    make_mela,
    make_payable_group,
    make_product,
    make_staff,
    make_stall,
)
from tests.orders.conftest import add_to_cart, checkout_data
from tests.orders.test_ledger import deliver_sub_order

pytestmark = pytest.mark.django_db


def exhibiting(group, *, price="333.33", stock=20):
    """`group` has a stall at a mela running today; returns (mela, staff, variant)."""
    mela = make_mela(start=mela_today(), days=3)
    product = make_product(group, "Ajrak shawl", price=price, stock=stock)
    make_application(mela, group, products=[product], status="approved", stall=make_stall(mela))
    return mela, make_staff(group), product.variants.get()


def sell(group, mela, staff, variant, quantity, *, token=None, unit_price=None):
    return stall_sale_record(
        user=staff,
        mela=mela,
        group=group,
        variant_id=variant.pk,
        quantity=quantity,
        unit_price=unit_price,
        token=token or uuid.uuid4(),
    )


@pytest.mark.parametrize(
    ("quantity", "commission"),
    [(3, Decimal("125.00")), (7, Decimal("291.66"))],  # 12.5% of 999.99 and of 2,333.31
)
def test_a_stall_sale_leaves_the_group_owing_exactly_the_commission(
    site_tree, quantity, commission
):
    group = make_payable_group("Hala Ajrak Cooperative", earned=0, commission_rate="12.50")
    mela, staff, variant = exhibiting(group)

    sale, created = sell(group, mela, staff, variant, quantity)

    assert created
    assert (sale.commission_rate, sale.commission) == (Decimal("12.50"), commission)
    assert commission == to_money(sale.total * Decimal("0.125"))
    entries = {e.kind: e for e in LedgerEntry.objects.filter(stall_sale=sale)}
    assert {kind: e.amount for kind, e in entries.items()} == {
        LedgerKind.SALE: sale.total,
        LedgerKind.COMMISSION: -commission,
        LedgerKind.CASH_KEPT: -sale.total,
    }
    assert {e.cause for e in entries.values()} == {LedgerCause.MELA_SALE}
    balance = group_balance(group)
    assert (balance.balance, balance.available, balance.held) == (-commission, -commission, 0)


def test_recording_a_stall_sale_twice_adds_nothing(site_tree):
    group = make_payable_group("Hala Ajrak Cooperative", earned=0, commission_rate="12.50")
    mela, staff, variant = exhibiting(group)
    token = uuid.uuid4()

    sale, _created = sell(group, mela, staff, variant, 3, token=token)
    again, created = sell(group, mela, staff, variant, 3, token=token)

    assert again == sale and not created
    assert ledger_record_stall_sale(stall_sale_id=sale.pk) == []
    assert LedgerEntry.objects.filter(stall_sale=sale).count() == 3
    assert group_balance(group).balance == Decimal("-125.00")


def test_a_free_gift_at_the_stall_writes_no_zero_entries(site_tree):
    group = make_payable_group("Hala Ajrak Cooperative", earned=0)
    mela, staff, variant = exhibiting(group)
    sale, _created = sell(group, mela, staff, variant, 1, unit_price=Decimal("0"))
    assert not LedgerEntry.objects.filter(stall_sale=sale).exists()


def test_sales_recorded_before_the_rule_stay_out_of_the_ledger(site_tree):
    group = make_payable_group("Hala Ajrak Cooperative", earned=0)
    mela, staff, variant = exhibiting(group)
    sale, _created = sell(group, mela, staff, variant, 1)
    old = StallSale.objects.create(
        mela=mela,
        group=group,
        variant=variant,
        quantity=1,
        unit_price=1,
        total=1,
        sale_day=sale.sale_day,
    )
    assert ledger_record_stall_sale(stall_sale_id=old.pk) == []


def test_the_commission_owed_from_the_mela_is_netted_from_the_next_payout(site_tree):
    group = make_payable_group("Hala Ajrak Cooperative", earned=Decimal("10000.00"))
    assert group.terms.commission_rate == Decimal("10.00")
    mela, staff, variant = exhibiting(group, price="2500.00")
    sell(group, mela, staff, variant, 2)  # Rs 5,000 in cash at the stall: Rs 500 owed

    payout = payout_create(group_id=group.pk)

    assert payout.amount == Decimal("9500.00")
    assert group_balance(group).balance == 0


def test_a_cash_order_collected_at_the_stall_leaves_the_group_owing_the_commission(
    client, two_groups_catalog
):
    lahore = two_groups_catalog["lahore"]
    mela = make_mela(start=mela_today(), days=3)
    make_application(mela, lahore, status="approved", stall=make_stall(mela, "B-7"))
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    client.post("/checkout/", checkout_data(client, fulfilment="collect", payment_method="cod"))
    order = Order.objects.get()
    part = order.sub_orders.get()
    assert not LedgerEntry.objects.exists()

    deliver_sub_order(part, make_staff(lahore))  # handed over at the stall, cash taken

    kept = LedgerEntry.objects.get(sub_order=part, kind=LedgerKind.CASH_KEPT)
    assert kept.amount == -part.total == Decimal("-4500.00")
    balance = group_balance(lahore)
    assert balance.balance == -part.commission_total == Decimal("-450.00")
    assert balance.with_courier == 0  # the group has the cash, not a courier


def test_a_card_or_transfer_order_collected_at_the_stall_is_an_ordinary_paid_order(
    client, two_groups_catalog
):
    lahore = two_groups_catalog["lahore"]
    mela = make_mela(start=mela_today(), days=3)
    make_application(mela, lahore, status="approved", stall=make_stall(mela, "B-7"))
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    client.post(
        "/checkout/", checkout_data(client, fulfilment="collect", payment_method="transfer")
    )
    order = Order.objects.get()
    client.post(order.get_absolute_url(), {"provider": "jazzcash", "reference": "TX-1"})
    finance = UserFactory()
    finance.user_permissions.add(Permission.objects.get(codename="verify_transfers"))

    transfer_verify(payment_id=Payment.objects.get(order=order).pk, by=finance, approve=True)

    part = order.sub_orders.get()
    assert not LedgerEntry.objects.filter(kind=LedgerKind.CASH_KEPT).exists()
    total = LedgerEntry.objects.aggregate(total=Sum("amount"))["total"]
    assert to_money(total) == part.group_earnings == Decimal("4050.00")
