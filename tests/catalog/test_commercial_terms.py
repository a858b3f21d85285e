"""Commercial terms: a new payout account needs a second finance user, payouts use only the
confirmed account, every change is in the history with account numbers masked, and the
group hears by email and SMS."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError

from catalog.models import PayoutAccountChange, ProducerGroupTerms, TermsChange
from catalog.models.terms import PayoutAccountChangeStatus, mask_account
from catalog.terms.services import (
    TermsError,
    payout_account_confirm,
    payout_account_propose,
    payout_account_reject,
    terms_update,
)
from marketplace.models import NotificationLog
from orders.finance.payouts import PayoutError, payout_create
from tests.factories import UserFactory, make_group, make_payable_group, make_staff

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "payout_method": "bank",
    "payout_account_title": "Hala Ralli Makers",
    "payout_account_number": "PK36MEZN0000002233445566",
    "payout_bank_name": "Meezan Bank",
}


def staff_with(username: str, *codenames: str):
    user = UserFactory(username=username, email=f"{username}@example.org")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def moderator():
    return staff_with("moderator", "manage_commercial_terms")


@pytest.fixture
def finance():
    return staff_with("finance-one", "manage_payouts")


@pytest.fixture
def finance_two():
    return staff_with("finance-two", "manage_payouts")


def test_every_new_group_gets_pending_terms_with_the_default_commission(site_tree, settings):
    from catalog.models import ProducerGroupPage
    from catalog.services import producer_group_provision
    from marketplace.site_setup import site_tree_ensure

    _home, producers = site_tree_ensure()
    page = producers.add_child(
        instance=ProducerGroupPage(
            title="New Group", kind="union", province="Sindh", district="Thatta"
        )
    )
    producer_group_provision(group_page=page)

    terms = ProducerGroupTerms.objects.get(group=page)
    assert (terms.verification_status, terms.commission_rate, terms.payout_method) == (
        "pending",
        settings.PLATFORM_COMMISSION_PERCENT,
        "",
    )


def test_a_proposed_account_is_not_used_until_a_second_finance_user_confirms_it(
    site_tree, moderator, finance
):
    group = make_payable_group()

    change = payout_account_propose(group_id=group.pk, by=moderator, **NEW_ACCOUNT)

    assert change.status == PayoutAccountChangeStatus.PENDING
    assert payout_create(group_id=group.pk).account_number == "PK36SCBL0000001123456702"


def test_after_confirmation_payouts_go_to_the_new_account(site_tree, moderator, finance):
    group = make_payable_group()
    change = payout_account_propose(group_id=group.pk, by=moderator, **NEW_ACCOUNT)

    payout_account_confirm(change_id=change.pk, by=finance)

    payout = payout_create(group_id=group.pk)
    assert (payout.account_number, payout.bank_name) == (
        "PK36MEZN0000002233445566",
        "Meezan Bank",
    )
    terms = ProducerGroupTerms.objects.get(group=group)
    assert terms.account_confirmed_by == finance
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (PayoutAccountChangeStatus.CONFIRMED, finance)


def test_the_proposer_cannot_confirm_their_own_change(site_tree, finance, finance_two):
    group = make_payable_group()
    change = payout_account_propose(group_id=group.pk, by=finance, **NEW_ACCOUNT)

    with pytest.raises(TermsError, match="different finance user"):
        payout_account_confirm(change_id=change.pk, by=finance)

    assert ProducerGroupTerms.objects.get(group=group).payout_account_number == (
        "PK36SCBL0000001123456702"
    )
    payout_account_confirm(change_id=change.pk, by=finance_two)
    assert (
        ProducerGroupTerms.objects.get(group=group).payout_account_number
        == (NEW_ACCOUNT["payout_account_number"])
    )


def test_only_finance_confirm_and_only_staff_with_the_permission_propose(site_tree, moderator):
    group = make_payable_group()
    outsider = UserFactory(username="outsider")
    group_staff = make_staff(group)
    for user in (outsider, group_staff):
        with pytest.raises(TermsError):
            payout_account_propose(group_id=group.pk, by=user, **NEW_ACCOUNT)
    change = payout_account_propose(group_id=group.pk, by=moderator, **NEW_ACCOUNT)
    for user in (outsider, group_staff, moderator):
        with pytest.raises(TermsError):
            payout_account_confirm(change_id=change.pk, by=user)
    assert PayoutAccountChange.objects.get().status == PayoutAccountChangeStatus.PENDING


def test_a_group_without_a_confirmed_account_is_held_until_one_is_confirmed(
    site_tree, moderator, finance
):
    group = make_payable_group(payout_method="", payout_account_number="")
    change = payout_account_propose(group_id=group.pk, by=moderator, **NEW_ACCOUNT)

    with pytest.raises(PayoutError, match="no payout method"):
        payout_create(group_id=group.pk)

    payout_account_confirm(change_id=change.pk, by=finance)
    assert payout_create(group_id=group.pk).account_number == NEW_ACCOUNT["payout_account_number"]


def test_a_rejected_account_is_never_used_and_cannot_be_confirmed_later(
    site_tree, moderator, finance, finance_two
):
    group = make_payable_group()
    change = payout_account_propose(group_id=group.pk, by=moderator, **NEW_ACCOUNT)

    with pytest.raises(TermsError, match="why"):
        payout_account_reject(change_id=change.pk, by=finance, reason=" ")
    payout_account_reject(change_id=change.pk, by=finance, reason="The group did not ask")

    with pytest.raises(TermsError, match="already decided"):
        payout_account_confirm(change_id=change.pk, by=finance_two)
    assert payout_create(group_id=group.pk).account_number == "PK36SCBL0000001123456702"


def test_a_new_proposal_replaces_the_pending_one_and_only_one_can_be_pending(
    site_tree, moderator, finance
):
    group = make_payable_group()
    first = payout_account_propose(group_id=group.pk, by=moderator, **NEW_ACCOUNT)
    second = payout_account_propose(
        group_id=group.pk, by=moderator, **{**NEW_ACCOUNT, "payout_account_number": "PK00SECOND"}
    )

    first.refresh_from_db()
    assert first.status == PayoutAccountChangeStatus.REPLACED
    with pytest.raises(TermsError, match="already decided"):
        payout_account_confirm(change_id=first.pk, by=finance)
    with pytest.raises(IntegrityError):
        PayoutAccountChange.objects.create(terms=second.terms, **NEW_ACCOUNT)


def test_incomplete_accounts_are_refused(site_tree, moderator):
    group = make_payable_group()
    bad_accounts = [
        {"payout_method": ""},
        {"payout_method": "bank", "payout_account_number": "PK00X"},  # no bank name
        {"payout_method": "jazzcash", "payout_account_number": " "},
        {"payout_method": "stripe", "stripe_account_id": "not-an-account"},
    ]
    for account in bad_accounts:
        with pytest.raises(TermsError):
            payout_account_propose(group_id=group.pk, by=moderator, **account)
    assert not PayoutAccountChange.objects.exists()


def test_history_records_who_changed_what_with_account_numbers_masked(
    site_tree, moderator, finance
):
    group = make_payable_group()
    terms_update(
        group_id=group.pk,
        by=moderator,
        verification_status="verified",
        commission_rate=Decimal("7.50"),
        note="Agreed at the annual meeting",
    )
    change = payout_account_propose(group_id=group.pk, by=moderator, **NEW_ACCOUNT)
    payout_account_confirm(change_id=change.pk, by=finance)

    history = {
        (entry.field, entry.changed_by): entry
        for entry in TermsChange.objects.filter(terms_id=group.pk)
    }
    commission = history[("commission_rate", moderator)]
    assert (commission.old_value, commission.new_value) == ("10.00", "7.50")
    assert commission.note == "Agreed at the annual meeting"
    number = history[("payout_account_number", finance)]
    assert (number.old_value, number.new_value) == ("•••• 6702", "•••• 5566")
    proposed = history[("payout_account", moderator)]
    assert proposed.new_value == "Bank transfer •••• 5566"
    everything = " ".join(
        f"{entry.old_value} {entry.new_value} {entry.note}" for entry in TermsChange.objects.all()
    )
    assert "1123456702" not in everything and "2233445566" not in everything


def test_the_group_hears_by_email_and_sms_when_its_account_is_proposed_and_changed(
    site_tree, moderator, finance, django_capture_on_commit_callbacks
):
    group = make_payable_group(contact_email="group@example.org", contact_phone="+923001234567")
    staff = make_staff(group)
    staff.email = "staff@example.org"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        change = payout_account_propose(group_id=group.pk, by=moderator, **NEW_ACCOUNT)
        payout_account_confirm(change_id=change.pk, by=finance)

    proposed = NotificationLog.objects.filter(event="payout_account_change_proposed")
    changed = NotificationLog.objects.filter(event="payout_account_changed")
    for logs in (proposed, changed):
        assert sorted(logs.values_list("channel", "recipient")) == [
            ("email", "group@example.org"),
            ("email", "staff@example.org"),
            ("sms", "+923001234567"),
        ]
        for log in logs:
            assert log.language == "ur"  # a group in Pakistan
            assert "5566" in log.body and "2233445566" not in log.body
    sms = changed.get(channel="sms")
    assert "کرافٹس میلہ" in sms.body


def test_english_message_for_a_group_outside_pakistan(site_tree, moderator):
    group = make_group("Jaipur Block Printers", country="IN", contact_email="jaipur@example.org")
    payout_account_propose(group_id=group.pk, by=moderator, **NEW_ACCOUNT)

    log = NotificationLog.objects.get(event="payout_account_change_proposed")
    assert log.language == "en"
    assert "ending •••• 5566" in log.body
    assert "second member of the Crafts Mela finance team" in log.body


def test_mask_account_keeps_only_the_last_four_characters():
    assert mask_account("PK36SCBL0000001123456702") == "•••• 6702"
    assert mask_account("abc") == "•••"
    assert mask_account("") == ""
