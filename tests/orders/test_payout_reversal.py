"""Stripe reversing a payout's transfer: the payout is marked reversed, the money credited once.

The transfer is made and reversed on the fake Stripe server through the real `stripe` library
(as finance would in Stripe's dashboard), and the webhook gets the transfer as Stripe signs it.
"""

import logging
from decimal import Decimal

import pytest
import stripe
from django.conf import settings as django_settings
from django.urls import reverse

from orders.finance.ledger_selectors import group_balance
from orders.finance.payouts import PayoutError, payout_create, payout_mark_failed, payout_send
from orders.models import LedgerCause, LedgerEntry, Payout, PayoutStatus
from tests.factories import make_payable_group, make_staff
from tests.fakes.stripe_server import SECRET_KEY, FakeStripe, deliver, event
from tests.orders.test_order_desk import text_of
from tests.orders.test_payouts_admin import finance_user, logged_in

pytestmark = pytest.mark.django_db

EARNED = Decimal("2000.00")


@pytest.fixture
def stripe_server(settings):
    with FakeStripe() as server:
        server.configure(settings)
        settings.STRIPE_CONNECT_COUNTRIES = ["IN", "LK"]
        yield server


def paid_stripe_payout(stripe_server) -> Payout:
    group = make_payable_group(
        "Jaipur Block Printers",
        earned=EARNED,
        payout_method="stripe",
        stripe_account_id=stripe_server.connect_account(),
        country="IN",
    )
    payout = payout_create(group_id=group.pk)  # its after-commit send never runs in a test
    payout = payout_send(payout_id=payout.pk)
    assert payout.status == PayoutStatus.PAID
    return payout


def stripe_client() -> stripe.StripeClient:
    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": django_settings.STRIPE_API_BASE})


def reverse_at_stripe(transfer_id: str, paisa: int | None = None) -> dict:
    """Reverse (part of) a transfer as the dashboard would; returns the transfer afterwards."""
    params = {"amount": paisa} if paisa is not None else {}
    stripe_client().v1.transfers.reversals.create(transfer_id, params=params)
    return stripe_client().v1.transfers.retrieve(transfer_id).to_dict()


def reversal_credits(payout: Payout) -> list[Decimal]:
    entries = LedgerEntry.objects.filter(payout=payout, cause=LedgerCause.PAYOUT_REVERSED)
    return list(entries.order_by("pk").values_list("amount", flat=True))


def test_a_reversed_transfer_marks_the_payout_reversed_and_credits_the_group_once(
    client, stripe_server
):
    payout = paid_stripe_payout(stripe_server)
    group = payout.producer_group
    assert group_balance(group).balance == Decimal("0.00")
    transfer = reverse_at_stripe(payout.reference)
    reversed_event = event("transfer.reversed", transfer)

    first = deliver(client, reversed_event)
    again = deliver(client, reversed_event)  # Stripe redelivers the same event
    other = deliver(client, event("transfer.reversed", transfer))  # or sends it twice

    assert [r.status_code for r in (first, again, other)] == [200, 200, 200]
    assert (first.content, again.content, other.content) == (
        b"reversed",
        b"duplicate",
        b"already recorded",
    )
    payout.refresh_from_db()
    assert (payout.status, payout.reversed_amount) == (PayoutStatus.REVERSED, EARNED)
    assert payout.reversed_at is not None
    assert reversal_credits(payout) == [EARNED]
    entry = LedgerEntry.objects.get(cause=LedgerCause.PAYOUT_REVERSED)
    assert entry.event_key == f"payout-reversed:{payout.pk}:200000"
    assert entry.get_cause_display() == "Payout reversed by Stripe"
    balance = group_balance(group)
    assert (balance.balance, balance.available) == (EARNED, EARNED)


def test_partial_reversals_credit_what_was_reversed_so_far_even_out_of_order(client, stripe_server):
    payout = paid_stripe_payout(stripe_server)
    after_first = reverse_at_stripe(payout.reference, 50050)  # Rs 500.50
    after_second = reverse_at_stripe(payout.reference, 25000)  # Rs 250 more

    deliver(client, event("transfer.reversed", after_first))
    payout.refresh_from_db()
    assert (payout.status, payout.reversed_amount) == (PayoutStatus.REVERSED, Decimal("500.50"))
    deliver(client, event("transfer.reversed", after_second))
    deliver(client, event("transfer.reversed", after_first))  # late: adds nothing

    payout.refresh_from_db()
    assert payout.reversed_amount == Decimal("750.50")
    assert reversal_credits(payout) == [Decimal("500.50"), Decimal("250.00")]
    assert group_balance(payout.producer_group).available == Decimal("750.50")
    # The transfer stays partly paid: the payout keeps its amount and its transfer id.
    assert (payout.amount, payout.reference) == (EARNED, after_first["id"])


def test_a_reversal_of_a_transfer_that_is_no_payout_of_ours_is_ignored_with_a_log_line(
    client, stripe_server, caplog
):
    payout = paid_stripe_payout(stripe_server)
    stranger = {
        "id": "tr_not_ours",
        "object": "transfer",
        "amount": 10000,
        "amount_reversed": 10000,
        "currency": "pkr",
        "destination": "acct_someone_else",
        "transfer_group": "",
        "reversed": True,
    }

    with caplog.at_level(logging.WARNING, logger="orders.finance.payout_reversals"):
        response = deliver(client, event("transfer.reversed", stranger))

    assert (response.status_code, response.content) == (200, b"ignored")
    assert "tr_not_ours" in caplog.text and "ignored" in caplog.text
    assert not LedgerEntry.objects.filter(cause=LedgerCause.PAYOUT_REVERSED).exists()
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PAID


def test_a_reversed_payout_cannot_then_be_marked_failed_and_credited_again(client, stripe_server):
    payout = paid_stripe_payout(stripe_server)
    deliver(client, event("transfer.reversed", reverse_at_stripe(payout.reference)))

    with pytest.raises(PayoutError):
        payout_mark_failed(payout_id=payout.pk, reason="Stripe said no")
    payout_send(payout_id=payout.pk)  # a late resend of the task changes nothing either

    payout.refresh_from_db()
    assert payout.status == PayoutStatus.REVERSED
    assert group_balance(payout.producer_group).balance == EARNED


def test_the_group_and_finance_see_what_stripe_took_back(client, stripe_server):
    payout = paid_stripe_payout(stripe_server)
    deliver(client, event("transfer.reversed", reverse_at_stripe(payout.reference, 50050)))
    group = payout.producer_group

    statement = logged_in(make_staff(group)).get(reverse("statements_group", args=[group.pk]))
    detail = logged_in(finance_user()).get(reverse("payouts_detail", args=[payout.pk]))

    statement_text = text_of(statement)
    assert "Stripe took back Rs 500.50; it went back to the available balance." in statement_text
    assert "Payout reversed by Stripe" in statement_text  # the ledger entry
    detail_text = text_of(detail)
    assert "Rs 500.50 of Rs 2,000, credited back to the group's balance" in detail_text
    assert "Reversed: Rs 500.50 in all" in detail_text
