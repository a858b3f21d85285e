"""On PostgreSQL, finance users deciding one proposed payout account at the same moment:
exactly one decision wins, the others are told it was already decided."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from catalog.models import PayoutAccountChange, ProducerGroupTerms, TermsChange
from catalog.terms.services import (
    TermsError,
    payout_account_confirm,
    payout_account_propose,
    payout_account_reject,
)
from tests.factories import UserFactory, make_payable_group

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DECIDERS = 6


def finance(username: str):
    user = UserFactory(username=username)
    user.user_permissions.add(Permission.objects.get(codename="manage_payouts"))
    return user


def test_simultaneous_confirmations_and_rejections_decide_once(site_tree):
    assert connection.vendor == "postgresql"
    group = make_payable_group()
    proposer = finance("proposer")
    deciders = [finance(f"finance-{index}") for index in range(DECIDERS)]
    change = payout_account_propose(
        group_id=group.pk,
        by=proposer,
        payout_method="bank",
        payout_account_title="Hala Ralli Makers",
        payout_account_number="PK36MEZN0000002233445566",
        payout_bank_name="Meezan Bank",
    )

    def decide(index: int) -> str:
        try:
            if index % 2:
                payout_account_reject(change_id=change.pk, by=deciders[index], reason="No")
            else:
                payout_account_confirm(change_id=change.pk, by=deciders[index])
            return "won"
        except TermsError:
            return "told"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=DECIDERS) as pool:
        outcomes = list(pool.map(decide, range(DECIDERS)))

    assert sorted(outcomes) == ["told"] * (DECIDERS - 1) + ["won"]
    change.refresh_from_db()
    terms = ProducerGroupTerms.objects.get(pk=group.pk)
    if change.status == "confirmed":
        assert terms.payout_account_number == "PK36MEZN0000002233445566"
        assert (
            TermsChange.objects.filter(field="payout_account_number", note="confirmed").count() == 1
        )
    else:
        assert change.status == "rejected"
        assert terms.payout_account_number == "PK36SCBL0000001123456702"
    assert PayoutAccountChange.objects.filter(status="pending").count() == 0
