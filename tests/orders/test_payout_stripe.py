"""Stripe payouts against the fake Stripe server: one transfer per payout, however often sent.

Eager Celery, SQLite: the send task runs in-process when the payout's transaction commits.
The worker-kill version of these guarantees is tests/orders/test_payout_worker_kill.py.
"""

import socket
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from marketplace.models import NotificationLog
from orders.finance.ledger_selectors import group_balance
from orders.finance.payout_runs import payouts_build
from orders.finance.payouts import (
    PayoutError,
    payout_create,
    payout_send,
    payout_transfer_create,
)
from orders.models import LedgerCause, LedgerEntry, Payout, PayoutStatus
from orders.tasks import send_payout
from tests.factories import UserFactory, make_payable_group
from tests.fakes.stripe_server import SECRET_KEY, FakeStripe
from tests.redis_server import refused_port

pytestmark = pytest.mark.django_db

EARNED = Decimal("7250.50")
EARNED_PAISA = 725050


@pytest.fixture
def stripe_server(settings):
    with FakeStripe() as server:
        server.configure(settings)
        settings.STRIPE_CONNECT_COUNTRIES = ["IN", "LK"]
        yield server


def stripe_group(stripe_server, title="Jaipur Block Printers", *, account=None, **fields):
    return make_payable_group(
        title,
        earned=EARNED,
        payout_method="stripe",
        stripe_account_id=account or stripe_server.connect_account(),
        country=fields.pop("country", "IN"),
        **fields,
    )


def transfer_posts(stripe_server) -> list[dict]:
    return stripe_server.posts("/v1/transfers")


def transfers_for(stripe_server, payout: Payout) -> list[dict]:
    return [
        transfer
        for transfer in stripe_server.transfers.values()
        if transfer["transfer_group"] == f"payout-{payout.pk}"
    ]


def payout_debits(payout: Payout) -> int:
    return LedgerEntry.objects.filter(payout=payout, cause=LedgerCause.PAYOUT).count()


def build_unsent(group) -> Payout:
    """payout_create without its after-commit send: the state a lost enqueue leaves."""
    return payout_create(group_id=group.pk)  # the test transaction never commits


def crashed_after_stripe_answered(payout: Payout) -> None:
    """What a worker killed between Stripe's answer and marking the payout paid leaves:
    the transfer made (with the payout's own key), the payout processing after one attempt."""
    payout_transfer_create(payout)
    Payout.objects.filter(pk=payout.pk).update(status=PayoutStatus.PROCESSING, attempts=1)


@pytest.fixture
def finance_users():
    """Two users who manage payouts (one with no email), and one who does not."""
    permission = Permission.objects.get(codename="manage_payouts")
    finance = UserFactory(username="finance", email="finance@example.org")
    no_email = UserFactory(username="finance-no-email", email="")
    for user in (finance, no_email):
        user.user_permissions.add(permission)
    UserFactory(username="clerk", email="clerk@example.org")
    return finance


def test_sending_a_stripe_payout_three_times_makes_one_transfer(
    stripe_server, django_capture_on_commit_callbacks
):
    group = stripe_group(stripe_server)

    with django_capture_on_commit_callbacks(execute=True):
        payout = payout_create(group_id=group.pk)  # sent after commit: the first run
    send_payout.delay(payout.pk)
    send_payout.delay(payout.pk)
    payout_send(payout_id=payout.pk)

    payout.refresh_from_db()
    (transfer,) = transfers_for(stripe_server, payout)
    (request,) = transfer_posts(stripe_server)
    assert request["idempotency_key"] == f"payout-{payout.pk}"
    assert request["params"]["transfer_group"] == f"payout-{payout.pk}"
    assert request["params"]["amount"] == str(EARNED_PAISA)
    assert request["params"]["currency"] == "pkr"
    assert request["params"]["destination"] == group.terms.stripe_account_id
    assert transfer["amount"] == EARNED_PAISA
    assert (payout.status, payout.reference, payout.attempts) == (
        PayoutStatus.PAID,
        transfer["id"],
        1,
    )
    assert payout.amount == EARNED
    assert payout_debits(payout) == 1
    assert group_balance(group).available == Decimal("0.00")
    assert NotificationLog.objects.filter(event="payout_sent").count() == 2  # email and SMS


def test_a_run_sends_each_stripe_payout_of_a_batch_once_after_commit_and_no_bank_one(
    stripe_server, django_capture_on_commit_callbacks
):
    first = stripe_group(stripe_server, "Jaipur Block Printers")
    bank = make_payable_group("Hala Ralli Makers")
    second = stripe_group(stripe_server, "Colombo Lace Makers", country="LK")

    with django_capture_on_commit_callbacks(execute=True):
        run = payouts_build(group_ids=[first.pk, bank.pk, second.pk])
        assert transfer_posts(stripe_server) == []  # nothing sent before the batch commits

    assert len(run.created) == 3
    for group in (first, second):
        payout = Payout.objects.get(producer_group=group)
        (transfer,) = transfers_for(stripe_server, payout)
        assert transfer["destination"] == group.terms.stripe_account_id
        assert (payout.status, payout.reference) == (PayoutStatus.PAID, transfer["id"])
    assert Payout.objects.get(producer_group=bank).status == PayoutStatus.PENDING
    assert len(transfer_posts(stripe_server)) == 2


def test_payout_left_processing_before_stripe_was_called_is_sent_once(stripe_server):
    group = stripe_group(stripe_server)
    payout = build_unsent(group)
    # A worker killed right after committing "processing", before its request left.
    Payout.objects.filter(pk=payout.pk).update(status=PayoutStatus.PROCESSING, attempts=1)

    for _run in range(3):
        send_payout.delay(payout.pk)

    payout.refresh_from_db()
    (transfer,) = transfers_for(stripe_server, payout)
    assert len(transfer_posts(stripe_server)) == 1
    lookups = [r for r in stripe_server.requests if r["method"] == "GET"]
    assert [r["params"] for r in lookups] == [
        {"transfer_group": f"payout-{payout.pk}", "limit": "1"}
    ]
    assert (payout.status, payout.reference, payout.attempts) == (
        PayoutStatus.PAID,
        transfer["id"],
        2,
    )
    assert payout_debits(payout) == 1


def test_payout_resumed_after_stripe_answered_is_not_sent_again(stripe_server):
    group = stripe_group(stripe_server)
    payout = build_unsent(group)
    crashed_after_stripe_answered(payout)

    for _run in range(3):
        send_payout.delay(payout.pk)

    payout.refresh_from_db()
    (transfer,) = transfers_for(stripe_server, payout)
    assert len(transfer_posts(stripe_server)) == 1  # the crashed attempt's, none since
    assert (payout.status, payout.reference) == (PayoutStatus.PAID, transfer["id"])
    assert payout_debits(payout) == 1
    assert group_balance(group).available == Decimal("0.00")


def test_stripe_answers_a_repeated_key_with_the_first_transfer(stripe_server):
    """What saves a payout if the lookup misses (Stripe's list is eventually consistent)."""
    payout = build_unsent(stripe_group(stripe_server))
    crashed_after_stripe_answered(payout)
    crashed_after_stripe_answered(payout)

    first, second = transfer_posts(stripe_server)
    assert first["idempotency_key"] == second["idempotency_key"] == f"payout-{payout.pk}"
    assert len(transfers_for(stripe_server, payout)) == 1


def test_transfer_request_cut_off_by_a_killed_worker_does_not_spoil_the_payouts_key(
    stripe_server,
):
    """A worker killed while sending leaves Stripe a request without its whole body, which
    Stripe never acts on: the payout's idempotency key stays free for the next send."""
    payout = build_unsent(stripe_group(stripe_server))
    host, port = stripe_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as worker:
        worker.sendall(
            b"POST /v1/transfers HTTP/1.1\r\nHost: stripe\r\n"
            + f"Authorization: Bearer {SECRET_KEY}\r\n".encode()
            + f"Idempotency-Key: payout-{payout.pk}\r\n".encode()
            + b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n\r\n"
            + b"amount=153309&curr"
        )

    send_payout.delay(payout.pk)

    payout.refresh_from_db()
    (transfer,) = transfers_for(stripe_server, payout)
    assert (payout.status, payout.reference) == (PayoutStatus.PAID, transfer["id"])


@pytest.mark.parametrize(
    ("refusal", "message"),
    [
        ("unknown account", "No such destination: 'acct_not_connected'"),
        ("balance too low", "You have insufficient available funds in your Stripe account."),
    ],
)
def test_refused_transfer_fails_the_payout_and_returns_the_money(
    stripe_server, finance_users, django_capture_on_commit_callbacks, refusal, message
):
    if refusal == "unknown account":
        group = stripe_group(stripe_server, account="acct_not_connected")
    else:
        group = stripe_group(stripe_server)
        stripe_server.balance = EARNED_PAISA - 1

    with django_capture_on_commit_callbacks(execute=True):
        payout = payout_create(group_id=group.pk)

    payout.refresh_from_db()
    assert payout.status == PayoutStatus.FAILED
    assert payout.failure_reason == message
    assert stripe_server.transfers == {}
    (request,) = transfer_posts(stripe_server)  # refusals are final: not retried
    assert request["idempotency_key"] == f"payout-{payout.pk}"
    assert sorted(
        LedgerEntry.objects.filter(payout=payout).values_list("cause", "amount")
    ) == sorted([(LedgerCause.PAYOUT, -EARNED), (LedgerCause.PAYOUT_RETURNED, EARNED)])
    assert group_balance(group).available == EARNED
    failed = NotificationLog.objects.filter(event="payout_failed")
    assert list(failed.values_list("recipient", "channel", "status")) == [
        ("finance@example.org", "email", "sent")
    ]
    assert message in failed.get().body
    assert not NotificationLog.objects.filter(event="payout_sent").exists()


@pytest.mark.parametrize("outage", ["500 errors", "closed port"])
def test_stripe_unreachable_leaves_the_payout_processing_until_a_later_send(
    stripe_server, settings, django_capture_on_commit_callbacks, outage
):
    group = stripe_group(stripe_server)
    with refused_port() as refused:
        if outage == "500 errors":
            stripe_server.fail_next = [500] * 3  # the first try and the library's two retries
        else:
            settings.STRIPE_API_BASE = f"http://127.0.0.1:{refused}"

        with django_capture_on_commit_callbacks(execute=True):
            payout = payout_create(group_id=group.pk)

    payout.refresh_from_db()
    assert (payout.status, payout.reference) == (PayoutStatus.PROCESSING, "")
    assert stripe_server.transfers == {}
    assert list(LedgerEntry.objects.filter(payout=payout).values_list("cause", "amount")) == [
        (LedgerCause.PAYOUT, -EARNED)
    ]
    assert group_balance(group).available == Decimal("0.00")
    assert not NotificationLog.objects.exists()
    failed_posts = len(transfer_posts(stripe_server))
    assert failed_posts == (3 if outage == "500 errors" else 0)

    settings.STRIPE_API_BASE = stripe_server.url  # Stripe is back
    payout_send(payout_id=payout.pk)
    payout_send(payout_id=payout.pk)

    payout.refresh_from_db()
    (transfer,) = transfers_for(stripe_server, payout)
    posts = transfer_posts(stripe_server)
    assert len(posts) == failed_posts + 1
    assert {r["idempotency_key"] for r in posts} == {f"payout-{payout.pk}"}
    assert {r["params"]["transfer_group"] for r in posts} == {f"payout-{payout.pk}"}
    assert (payout.status, payout.reference, payout.attempts) == (
        PayoutStatus.PAID,
        transfer["id"],
        2,
    )
    assert payout_debits(payout) == 1
    assert NotificationLog.objects.filter(event="payout_sent").count() == 2


@pytest.mark.parametrize(("country", "connect_countries"), [("PK", ["IN", "LK"]), ("IN", ["LK"])])
def test_stripe_group_outside_the_connect_countries_is_not_paid_by_stripe(
    stripe_server, settings, django_capture_on_commit_callbacks, country, connect_countries
):
    settings.STRIPE_CONNECT_COUNTRIES = connect_countries
    group = stripe_group(stripe_server, country=country)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(PayoutError, match="Stripe cannot pay accounts in"),
    ):
        payout_create(group_id=group.pk)

    assert callbacks == []
    assert not Payout.objects.exists()
    assert group_balance(group).available == EARNED
    assert stripe_server.requests == []
