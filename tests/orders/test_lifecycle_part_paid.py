"""The part-paid state: an order with an advance (a trade order's agreed percentage) is paid in
two transfers or card payments. After the advance it is part-paid: nothing in the ledger and
nothing shipped; the balance makes it paid and writes the ledger; a rejected balance leaves it
part-paid; cancelling it owes the advance back."""

from decimal import Decimal

import pytest

from orders.lifecycle.orders import order_cancel
from orders.lifecycle.payments import (
    order_amount_due,
    transfer_reference_submit,
    transfer_verify,
)
from orders.lifecycle.sub_orders import sub_order_advance
from orders.lifecycle.tables import (
    ORDER_TRANSITIONS,
    PAYMENT_STATUS_TRANSITIONS,
    OrderStateError,
    order_status_derive,
)
from orders.models import (
    LedgerEntry,
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
    Refund,
    SubOrder,
    SubOrderStatus,
)
from tests.factories import make_group, make_staff
from tests.orders.order_desk_support import finance_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def order_with_advance(site_tree):
    """Rs 10,300 (10,000 of goods at 10 % commission, 300 delivery); 30 % advance: Rs 3,090."""
    group = make_group()
    order = Order.objects.create(
        number="CM-PP1",
        checkout_token="part-paid-test",
        payment_method=PaymentMethod.TRANSFER,
        contact_name="Indus Home Exports",
        contact_phone="+923217654321",
        items_total=Decimal("10000.00"),
        delivery_total=Decimal("300.00"),
        grand_total=Decimal("10300.00"),
        advance_due=Decimal("3090.00"),
    )
    sub_order = SubOrder.objects.create(
        order=order,
        producer_group=group,
        producer_group_name=group.title,
        items_total=Decimal("10000.00"),
        delivery_charge=Decimal("300.00"),
        commission_total=Decimal("1000.00"),
    )
    OrderLine.objects.create(
        sub_order=sub_order,
        product_title="Ralli quilt",
        sku="TQ1-1",
        unit_price=Decimal("100.00"),
        quantity=100,
        commission_rate=Decimal("10.00"),
        line_total=Decimal("10000.00"),
        commission=Decimal("1000.00"),
    )
    return order


def pay_by_transfer(order, reference, *, approve=True, finance=None):
    payment = transfer_reference_submit(order_id=order.pk, provider="bank", reference=reference)
    transfer_verify(payment_id=payment.pk, by=finance or finance_user(), approve=approve)
    order.refresh_from_db()
    return payment


def test_the_tables_know_part_paid():
    assert order_status_derive(
        payment_status=PaymentStatus.PART_PAID, sub_order_statuses=[SubOrderStatus.NEW]
    ) == (OrderStatus.PART_PAID)
    assert PaymentStatus.PAID in PAYMENT_STATUS_TRANSITIONS[PaymentStatus.PART_PAID]
    assert PaymentStatus.PENDING not in PAYMENT_STATUS_TRANSITIONS[PaymentStatus.PART_PAID]
    assert OrderStatus.PART_PAID in ORDER_TRANSITIONS[OrderStatus.PENDING_PAYMENT]
    assert OrderStatus.PENDING_PAYMENT not in ORDER_TRANSITIONS[OrderStatus.PART_PAID]
    # Nothing goes back from paid to part-paid.
    assert PaymentStatus.PART_PAID not in PAYMENT_STATUS_TRANSITIONS[PaymentStatus.PAID]
    assert OrderStatus.PART_PAID not in ORDER_TRANSITIONS[OrderStatus.PAID]


def test_advance_then_balance(order_with_advance):
    order = order_with_advance
    assert order_amount_due(order) == Decimal("3090.00")
    finance = finance_user()
    advance = pay_by_transfer(order, "ADV-1", finance=finance)
    assert advance.amount == Decimal("3090.00")
    assert (order.status, order.payment_status) == (OrderStatus.PART_PAID, PaymentStatus.PART_PAID)
    assert order.paid_at is None
    assert not LedgerEntry.objects.exists()
    assert order.is_open_for_transfer_reference
    assert order_amount_due(order) == Decimal("7210.00")

    balance = pay_by_transfer(order, "BAL-2", finance=finance)
    assert balance.amount == Decimal("7210.00")
    assert (order.status, order.payment_status) == (OrderStatus.PAID, PaymentStatus.PAID)
    assert order.paid_at is not None
    total = sum(LedgerEntry.objects.values_list("amount", flat=True))
    assert total == order.sub_orders.get().group_earnings == Decimal("9300.00")


def test_goods_are_not_shipped_on_the_advance_alone(order_with_advance):
    order = order_with_advance
    pay_by_transfer(order, "ADV-1")
    sub_order = order.sub_orders.get()
    staff = make_staff(sub_order.producer_group)
    with pytest.raises(OrderStateError):
        sub_order_advance(user=staff, sub_order_id=sub_order.pk, to_status=SubOrderStatus.PACKED)
    sub_order.refresh_from_db()
    assert sub_order.status == SubOrderStatus.NEW


def test_a_rejected_balance_leaves_the_order_part_paid(order_with_advance):
    order = order_with_advance
    finance = finance_user()
    pay_by_transfer(order, "ADV-1", finance=finance)
    pay_by_transfer(order, "BAL-FAKE", approve=False, finance=finance)
    assert (order.status, order.payment_status) == (OrderStatus.PART_PAID, PaymentStatus.PART_PAID)
    assert order_amount_due(order) == Decimal("7210.00")
    assert not LedgerEntry.objects.exists()


def test_a_rejected_advance_leaves_the_order_pending(order_with_advance):
    order = order_with_advance
    pay_by_transfer(order, "ADV-FAKE", approve=False)
    assert (order.status, order.payment_status) == (
        OrderStatus.PENDING_PAYMENT,
        PaymentStatus.PENDING,
    )
    assert order_amount_due(order) == Decimal("3090.00")


def test_cancelling_a_part_paid_order_owes_the_advance_back_once(order_with_advance):
    order = order_with_advance
    finance = finance_user()
    pay_by_transfer(order, "ADV-1", finance=finance)
    order_cancel(order_id=order.pk, by=finance, reason="Buyer withdrew")
    order_cancel(order_id=order.pk, by=finance, reason="Buyer withdrew")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    refund = Refund.objects.get()
    assert refund.amount == Decimal("3090.00")
    assert order.refund_due == Decimal("3090.00")
    assert not LedgerEntry.objects.exists()


def test_the_group_declining_a_part_paid_order_owes_the_advance_back(order_with_advance):
    from orders.lifecycle.sub_orders import sub_order_decline

    order = order_with_advance
    pay_by_transfer(order, "ADV-1")
    sub_order = order.sub_orders.get()
    staff = make_staff(sub_order.producer_group)
    sub_order_decline(user=staff, sub_order_id=sub_order.pk, reason="Cannot make 100 in time")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert Refund.objects.get().amount == Decimal("3090.00")


def test_an_order_without_advance_is_paid_in_one_go(order_with_advance):
    order = order_with_advance
    Order.objects.filter(pk=order.pk).update(advance_due=0)
    order.refresh_from_db()
    assert order_amount_due(order) == Decimal("10300.00")
    pay_by_transfer(order, "ALL-1")
    assert order.status == OrderStatus.PAID
