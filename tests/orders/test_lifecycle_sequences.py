"""Property test: any sequence of order events keeps the money and the stock exact.

Hypothesis draws sequences of place / pay / ship / deliver / decline / cancel / return /
refund / remit (a courier's cash) / payout over a few orders of two producer groups. After
every step (whether the lifecycle accepted or refused it):
- stock = initial − sold + returned, for every variant;
- every sub-order's ledger is its earnings while it stands paid, and zero once it is closed;
- the sale and delivery entries of all groups equal what buyers paid minus refunds recorded;
- a group's balance is its earnings minus its payouts, to the paisa;
- an order's refund_due is the sum of its refunds still owed.
"""

import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import ProductVariant
from catalog.services import StockError
from marketplace.money import to_money
from orders.checkout.cart import Cart
from orders.checkout.placement import BuyerDetails, CheckoutError, order_place
from orders.finance.payouts import (
    PayoutError,
    payout_create,
    payout_mark_paid,
    payouts_mark_processing,
)
from orders.finance.remittances import RemittanceError, remittance_record
from orders.lifecycle.orders import order_cancel
from orders.lifecycle.payments import transfer_reference_submit, transfer_verify
from orders.lifecycle.sub_orders import (
    sub_order_advance,
    sub_order_cancel,
    sub_order_decline,
    sub_order_return,
)
from orders.lifecycle.tables import OrderStateError
from orders.models import (
    CLOSED_SUB_ORDER_STATUSES,
    LedgerCause,
    LedgerEntry,
    LedgerKind,
    Order,
    OrderLine,
    Payment,
    PaymentMethod,
    Payout,
    Refund,
    RefundStatus,
    SubOrder,
)
from orders.payments.refunds import RefundError, refund_mark_sent
from tests.factories import UserFactory, make_payable_group, make_product, make_staff

ZERO = Decimal("0.00")
STOCK = {"shawl": 4, "quilt": 3}
OPERATIONS = (
    "place_cod",
    "place_transfer",
    "pay",
    "ship",
    "deliver",
    "decline",
    "cancel_part",
    "cancel_order",
    "return",
    "refund",
    "remit",
    "payout",
)
REFUSED = (
    OrderStateError,
    StockError,
    CheckoutError,
    PayoutError,
    RefundError,
    RemittanceError,
    PermissionDenied,
)
steps = st.lists(
    st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 7), st.integers(0, 1)),
    min_size=1,
    max_size=14,
)


class Session(dict):
    modified = False


@pytest.fixture
def world(site_tree, settings):
    settings.LEDGER_HOLD_DAYS = 0
    settings.PAYOUT_MINIMUM = Decimal("0.01")
    lahore = make_payable_group("Lahore Embroiderers Union", earned=ZERO)
    thar = make_payable_group("Thar Ralli Cooperative", earned=ZERO, commission_rate="12.50")
    variants = {
        "shawl": make_product(lahore, "Phulkari shawl", price="4500.33", stock=STOCK["shawl"]),
        "quilt": make_product(thar, "Ralli quilt", price="9999.99", stock=STOCK["quilt"]),
    }
    finance = UserFactory(username="finance")
    for codename in (
        "verify_transfers",
        "manage_all_orders",
        "manage_payouts",
        "record_remittances",
    ):
        finance.user_permissions.add(Permission.objects.get(codename=codename))
    return {
        "groups": [lahore, thar],
        "staff": {lahore.pk: make_staff(lahore), thar.pk: make_staff(thar)},
        "variants": {name: product.variants.get() for name, product in variants.items()},
        "finance": finance,
    }


def place(world, method: str, which: int) -> None:
    names = [["shawl"], ["quilt"], ["shawl", "quilt"]][which % 3]
    cart = Cart(Session())
    cart.quantities = {world["variants"][name].pk: 1 for name in names}
    order_place(
        cart=cart,
        buyer=AnonymousUser(),
        details=BuyerDetails(
            contact_name="Buyer", contact_phone="+923001234567", city="Lahore", address_line1="1"
        ),
        payment_method=method,
        checkout_token=uuid.uuid4().hex,
    )


def pick(queryset, index: int):
    items = list(queryset.order_by("pk"))
    return items[index % len(items)] if items else None


def apply(world, operation: str, index: int, flag: int) -> None:
    finance = world["finance"]
    if operation in ("place_cod", "place_transfer"):
        place(world, "cod" if operation == "place_cod" else "transfer", index + flag)
        return
    order = pick(Order.objects.all(), index)
    if order is None:
        return
    sub_order = pick(SubOrder.objects.filter(order=order), flag)
    staff = world["staff"][sub_order.producer_group_id]
    if operation == "pay" and order.payment_method == PaymentMethod.TRANSFER:
        payment = transfer_reference_submit(order_id=order.pk, provider="bank", reference="R")
        transfer_verify(payment_id=payment.pk, by=finance, approve=True)
    elif operation in ("ship", "deliver"):
        steps_to = ["packed", "shipped"] if operation == "ship" else ["delivered"]
        for status in steps_to:
            sub_order_advance(
                user=staff, sub_order_id=sub_order.pk, to_status=status, courier="TCS",
                tracking_number="T1",
            )  # fmt: skip
    elif operation == "decline":
        sub_order_decline(user=staff, sub_order_id=sub_order.pk, reason="cannot make it")
    elif operation == "cancel_part":
        sub_order_cancel(by=finance, sub_order_id=sub_order.pk, reason="finance")
    elif operation == "cancel_order":
        order_cancel(order_id=order.pk, by=finance, reason="finance")
    elif operation == "return":
        sub_order_return(by=finance, sub_order_id=sub_order.pk, reason="returned", restock=True)
    elif operation == "refund":
        refund = pick(Refund.objects.filter(status=RefundStatus.OWED), index)
        if refund is not None:
            refund_mark_sent(refund_id=refund.pk, by=finance, reference="IBFT")
    elif operation == "remit":
        # A courier hands over the cash for one parcel: exact (accepted) or short (flagged).
        remittance_record(
            by=finance,
            courier="TCS",
            reference=uuid.uuid4().hex[:12],
            amount=sub_order.total - flag,
            received_on=timezone.localdate(),
            sub_order_ids=[sub_order.pk],
        )
    elif operation == "payout":
        group = world["groups"][flag]
        payout = payout_create(group_id=group.pk, minimum=Decimal("0.01"))
        payouts_mark_processing(payout_ids=[payout.pk], by=finance)
        payout_mark_paid(payout_id=payout.pk, reference="BANK-1", by=finance)


def total(queryset, field: str = "amount") -> Decimal:
    return to_money(queryset.aggregate(t=Sum(field))["t"] or 0)


def check_invariants(world) -> None:
    for name, variant in world["variants"].items():
        held = OrderLine.objects.filter(variant=variant).exclude(
            sub_order__status__in=CLOSED_SUB_ORDER_STATUSES
        )
        assert ProductVariant.objects.get(pk=variant.pk).stock == STOCK[name] - (
            held.aggregate(q=Sum("quantity"))["q"] or 0
        )
    for sub_order in SubOrder.objects.all():
        net = total(LedgerEntry.objects.filter(sub_order=sub_order))
        paid = LedgerEntry.objects.filter(sub_order=sub_order, cause=LedgerCause.PAID).exists()
        expected = sub_order.group_earnings if paid and not sub_order.is_closed else ZERO
        assert net == expected, (sub_order.status, net, expected)
    received = total(Payment.objects.filter(status__in=["succeeded", "refunded"]))
    received += sum(
        (
            so.total
            for so in SubOrder.objects.filter(order__payment_method=PaymentMethod.CASH_ON_DELIVERY)
            if LedgerEntry.objects.filter(sub_order=so, cause=LedgerCause.PAID).exists()
        ),
        ZERO,
    )
    sales = total(LedgerEntry.objects.filter(kind__in=[LedgerKind.SALE, LedgerKind.DELIVERY]))
    assert sales == received - total(Refund.objects.all())
    for group in world["groups"]:
        earnings = sum(
            (
                so.group_earnings
                for so in SubOrder.objects.filter(producer_group=group)
                if not so.is_closed
                and LedgerEntry.objects.filter(sub_order=so, cause=LedgerCause.PAID).exists()
            ),
            ZERO,
        )
        paid_out = total(Payout.objects.filter(producer_group=group))
        assert total(LedgerEntry.objects.filter(producer_group=group)) == earnings - paid_out
    for order in Order.objects.all():
        owed = total(Refund.objects.filter(order=order, status=RefundStatus.OWED))
        assert order.refund_due == owed


@pytest.mark.django_db
@settings(
    max_examples=40,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
def test_any_sequence_of_order_events_keeps_ledger_and_stock_exact(world, sequence):
    with transaction.atomic():  # each example starts from the same catalogue
        for operation, index, flag in sequence:
            try:
                with transaction.atomic():
                    apply(world, operation, index, flag)
            except REFUSED:
                pass  # refused: the invariants below show it wrote nothing
            check_invariants(world)
        transaction.set_rollback(True)
