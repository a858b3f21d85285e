"""On PostgreSQL, two people acting on one order at the same moment: one wins, the other is
told, and the money comes out right whichever won."""

import threading
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import connection

from orders.checkout.cart import Cart
from orders.checkout.placement import BuyerDetails, order_place
from orders.lifecycle.orders import order_cancel_by_buyer
from orders.lifecycle.payments import transfer_reference_submit, transfer_verify
from orders.lifecycle.sub_orders import sub_order_cancel
from orders.lifecycle.tables import OrderStateError
from orders.models import (
    LedgerEntry,
    Order,
    OrderStatus,
    Payment,
    PaymentStatus,
    Refund,
    SubOrderStatus,
)
from tests.factories import UserFactory, make_group, make_product

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROUNDS = 6


class Session(dict):
    modified = False


def place_transfer_order(variant) -> Order:
    cart = Cart(Session())
    cart.quantities = {variant.pk: 1}
    return order_place(
        cart=cart,
        buyer=AnonymousUser(),
        details=BuyerDetails(contact_name="Buyer", contact_phone="+923001234567", city="Lahore"),
        payment_method="transfer",
        checkout_token=uuid.uuid4().hex,
    )


def at_once(*actions) -> list:
    """Run the actions in threads released together; each returns "ok" or the refusal."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(index, action):
        barrier.wait()
        try:
            action()
            results[index] = "ok"
        except OrderStateError as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def finance(site_tree):
    user = UserFactory(username="finance")
    for codename in ("verify_transfers", "manage_all_orders"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def test_finance_approving_a_transfer_while_the_buyer_cancels_never_loses_money(finance):
    assert connection.vendor == "postgresql"
    variant = make_product(make_group(), "Ralli quilt", stock=100).variants.get()
    outcomes = set()
    for _round in range(ROUNDS):
        order = place_transfer_order(variant)
        payment = transfer_reference_submit(order_id=order.pk, provider="bank", reference="R1")
        results = at_once(
            lambda order=order: order_cancel_by_buyer(order_id=order.pk),
            lambda payment=payment: transfer_verify(
                payment_id=payment.pk, by=finance, approve=True
            ),
        )
        order.refresh_from_db()
        assert Payment.objects.get(pk=payment.pk).status == Payment.Status.SUCCEEDED
        assert order.payment_status == PaymentStatus.PAID
        ledger = LedgerEntry.objects.filter(sub_order__order=order)
        if order.status == OrderStatus.CANCELLED:
            # The buyer won: the money that arrived is owed back, none of it is earned.
            outcomes.add("cancelled first")
            assert results[0] == "ok"
            assert not ledger.exists()
            assert Refund.objects.get(order=order).amount == order.grand_total
            assert order.refund_due == order.grand_total
        else:
            # Finance won: the order is paid and the buyer was told it can't be cancelled.
            outcomes.add("paid first")
            assert order.status == OrderStatus.PAID
            assert isinstance(results[0], OrderStateError)
            assert ledger.exists() and not Refund.objects.filter(order=order).exists()
    print(f"outcomes over {ROUNDS} rounds: {sorted(outcomes)}")


def test_two_finance_users_cancelling_one_part_at_once_cancel_it_once(finance):
    second = UserFactory(username="finance-2")
    second.user_permissions.add(Permission.objects.get(codename="manage_all_orders"))
    variant = make_product(make_group(), "Phulkari shawl", stock=100).variants.get()
    for _round in range(ROUNDS):
        order = place_transfer_order(variant)
        payment = transfer_reference_submit(order_id=order.pk, provider="bank", reference="R2")
        transfer_verify(payment_id=payment.pk, by=finance, approve=True)
        sub_order = order.sub_orders.get()
        stock_before = variant.__class__.objects.get(pk=variant.pk).stock

        results = at_once(
            *(
                lambda user=user, pk=sub_order.pk: sub_order_cancel(
                    by=user, sub_order_id=pk, reason=user.username
                )
                for user in (finance, second)
            )
        )

        assert sorted(map(str, results)).count("ok") == 1  # one wins, the other is told
        assert any(isinstance(result, OrderStateError) for result in results)
        sub_order.refresh_from_db()
        assert sub_order.status == SubOrderStatus.CANCELLED
        assert Refund.objects.filter(sub_order=sub_order).count() == 1
        assert variant.__class__.objects.get(pk=variant.pk).stock == stock_before + 1
        net = sum(LedgerEntry.objects.filter(sub_order=sub_order).values_list("amount", flat=True))
        assert net == Decimal("0.00")
