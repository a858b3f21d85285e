"""Writes to commercial terms: commission and status, and payout accounts with four eyes.

Every change is recorded in TermsChange (account numbers masked). A payout account is first
proposed, then confirmed by a different user with the finance permission; until then payouts
keep using the account confirmed before (or are held when there is none). Locks: the terms row
first, then the proposed change, in every service.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import PayoutAccountChange, ProducerGroupPage, ProducerGroupTerms, TermsChange
from catalog.models.groups import PayoutMethod, VerificationStatus
from catalog.models.terms import (
    MASKED_FIELDS,
    PAYOUT_ACCOUNT_FIELDS,
    PayoutAccountChangeStatus,
    mask_account,
)
from catalog.terms.notifications import payout_account_change_notify
from catalog.terms.selectors import confirms_accounts, manages_terms
from marketplace import page_cache
from marketplace.money import to_money


class TermsError(Exception):
    """A change of terms that is not allowed; the message is for the person who asked."""


def _shown(field: str, value) -> str:
    text = "" if value is None else str(value)
    return mask_account(text) if field in MASKED_FIELDS else text[:200]


def _record(terms: ProducerGroupTerms, field: str, old, new, by, note: str = "") -> TermsChange:
    return TermsChange.objects.create(
        terms=terms,
        field=field,
        old_value=_shown(field, old),
        new_value=_shown(field, new),
        note=note[:200],
        changed_by=by,
    )


def _locked_terms(group_id: int) -> ProducerGroupTerms:
    terms = ProducerGroupTerms.objects.select_for_update().filter(group_id=group_id).first()
    if terms is None:
        ProducerGroupTerms.objects.get_or_create(group_id=group_id)
        terms = ProducerGroupTerms.objects.select_for_update().get(group_id=group_id)
    return terms


def terms_ensure(*, group: ProducerGroupPage) -> ProducerGroupTerms:
    """The group's terms row, created with the defaults (pending, default commission, no
    account) if it has none. Idempotent; called when a group is provisioned."""
    terms, _created = ProducerGroupTerms.objects.get_or_create(group_id=group.pk)
    return terms


@transaction.atomic
def terms_initial_set(
    *,
    group: ProducerGroupPage,
    verification_status: str | None = None,
    commission_rate: Decimal | str | None = None,
    **account: str,
) -> ProducerGroupTerms:
    """Set up a new group's terms in one step, the account counted as confirmed.

    For setting a group up outside the admin (demo data, benchmarks, tests), never for
    changing a live group's account: the admin goes through payout_account_propose.
    """
    unknown = set(account) - set(PAYOUT_ACCOUNT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown payout account fields: {sorted(unknown)}")
    terms = _locked_terms(group.pk)
    changes: dict[str, object] = dict(account)
    if verification_status is not None:
        changes["verification_status"] = verification_status
    if commission_rate is not None:
        changes["commission_rate"] = to_money(commission_rate)
    for name, value in changes.items():
        if getattr(terms, name) != value:
            _record(terms, name, getattr(terms, name), value, None, note="set up")
            setattr(terms, name, value)
    if account:
        terms.account_confirmed_at = timezone.now() if terms.payout_method else None
    terms.save()
    page_cache.invalidate()
    return terms


def terms_update(
    *,
    group_id: int,
    by,
    verification_status: str,
    commission_rate: Decimal | str,
    note: str = "",
) -> ProducerGroupTerms:
    """Platform staff set a group's verification status and commission.

    Public pages show the commission and hide suspended groups, so a change makes every cached
    page stale. Orders keep the commission they were placed at (OrderLine.commission_rate).
    """
    if not manages_terms(by):
        raise TermsError(_("You may not change commercial terms."))
    if verification_status not in VerificationStatus.values:
        raise TermsError(_("Choose a verification status."))
    commission_rate = to_money(commission_rate)
    if not Decimal("0") <= commission_rate <= Decimal("50"):
        raise TermsError(_("The commission must be between 0% and 50%."))
    with transaction.atomic():
        terms = _locked_terms(group_id)
        changed = False
        for name, value in (
            ("verification_status", verification_status),
            ("commission_rate", commission_rate),
        ):
            if getattr(terms, name) != value:
                _record(terms, name, getattr(terms, name), value, by, note=note)
                setattr(terms, name, value)
                changed = True
        if changed:
            terms.save(update_fields=["verification_status", "commission_rate", "updated_at"])
            page_cache.invalidate()
        return terms


def _account_check(account: dict[str, str]) -> dict[str, str]:
    account = {name: (account.get(name) or "").strip() for name in PAYOUT_ACCOUNT_FIELDS}
    method = account["payout_method"]
    if method not in PayoutMethod.values:
        raise TermsError(_("Choose a payout method."))
    if method == PayoutMethod.STRIPE:
        if not account["stripe_account_id"].startswith("acct_"):
            raise TermsError(_("Enter the Stripe connected account id (acct_…)."))
    elif not account["payout_account_number"]:
        raise TermsError(_("Enter the account number, IBAN or wallet number."))
    if method == PayoutMethod.BANK and not account["payout_bank_name"]:
        raise TermsError(_("Enter the bank name."))
    return account


def payout_account_propose(*, group_id: int, by, **account: str) -> PayoutAccountChange | None:
    """Propose a new payout account for the group; a second finance user must confirm it.

    A pending proposal for the group is replaced. Proposing the account already confirmed
    (with nothing pending) changes nothing and returns None. The group is told (email, SMS).
    """
    if not (manages_terms(by) or confirms_accounts(by)):
        raise TermsError(_("You may not change payout accounts."))
    account = _account_check(account)
    with transaction.atomic():
        terms = _locked_terms(group_id)
        pending = list(
            PayoutAccountChange.objects.select_for_update().filter(
                terms=terms, status=PayoutAccountChangeStatus.PENDING
            )
        )
        if not pending and terms.account_values() == account:
            return None
        for earlier in pending:
            earlier.status = PayoutAccountChangeStatus.REPLACED
            earlier.decided_at, earlier.decided_by = timezone.now(), by
            earlier.save(update_fields=["status", "decided_at", "decided_by"])
        try:
            with transaction.atomic():
                change = PayoutAccountChange.objects.create(terms=terms, proposed_by=by, **account)
        except IntegrityError as error:  # only if the lock above was bypassed
            raise TermsError(_("Another change of this account is being proposed.")) from error
        _record(
            terms,
            "payout_account",
            _account_summary(terms.account_values()),
            _account_summary(account),
            by,
            note=_("proposed, awaiting a second finance user"),
        )
        payout_account_change_notify(change=change, confirmed=False)
        return change


def _account_summary(account: dict[str, str]) -> str:
    """Method and masked number, as history and messages show an account."""
    method = account.get("payout_method") or ""
    if not method:
        return ""
    label = str(PayoutMethod(method).label)
    if method == PayoutMethod.STRIPE:
        return f"{label} {mask_account(account.get('stripe_account_id', ''))}"
    return f"{label} {mask_account(account.get('payout_account_number', ''))}"


def _locked_pending_change(change_id: int) -> tuple[ProducerGroupTerms, PayoutAccountChange]:
    terms_id = (
        PayoutAccountChange.objects.filter(pk=change_id).values_list("terms_id", flat=True).first()
    )
    if terms_id is None:
        raise TermsError(_("This account change no longer exists."))
    terms = ProducerGroupTerms.objects.select_for_update().get(pk=terms_id)
    change = PayoutAccountChange.objects.select_for_update().get(pk=change_id)
    if change.status != PayoutAccountChangeStatus.PENDING:
        raise TermsError(
            _("This account change was already decided: %(status)s.")
            % {"status": change.get_status_display()}
        )
    return terms, change


def payout_account_confirm(*, change_id: int, by) -> ProducerGroupTerms:
    """A second finance user confirms a proposed account: from now on payouts use it."""
    if not confirms_accounts(by):
        raise TermsError(_("Only finance staff may confirm a payout account."))
    with transaction.atomic():
        terms, change = _locked_pending_change(change_id)
        if change.proposed_by_id is not None and change.proposed_by_id == by.pk:
            raise TermsError(
                _("You proposed this account: a different finance user must confirm it.")
            )
        for name in PAYOUT_ACCOUNT_FIELDS:
            old, new = getattr(terms, name), getattr(change, name)
            if old != new:
                _record(terms, name, old, new, by, note=_("confirmed"))
                setattr(terms, name, new)
        now = timezone.now()
        terms.account_confirmed_at, terms.account_confirmed_by = now, by
        terms.save()
        change.status = PayoutAccountChangeStatus.CONFIRMED
        change.decided_at, change.decided_by = now, by
        change.save(update_fields=["status", "decided_at", "decided_by"])
        payout_account_change_notify(change=change, confirmed=True)
        return terms


def payout_account_reject(*, change_id: int, by, reason: str) -> PayoutAccountChange:
    """Finance turn a proposed account down (with a reason); the confirmed one stays."""
    if not confirms_accounts(by):
        raise TermsError(_("Only finance staff may reject a payout account."))
    reason = reason.strip()
    if not reason:
        raise TermsError(_("Say why the account is rejected."))
    with transaction.atomic():
        terms, change = _locked_pending_change(change_id)
        change.status = PayoutAccountChangeStatus.REJECTED
        change.decided_at, change.decided_by = timezone.now(), by
        change.reason = reason[:500]
        change.save(update_fields=["status", "decided_at", "decided_by", "reason"])
        _record(
            terms,
            "payout_account",
            _account_summary(change.account_values()),
            "",
            by,
            note=_("rejected: %(reason)s") % {"reason": reason},
        )
        return change
