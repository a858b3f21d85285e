"""Reads of commercial terms, for whom may see them, and what they mean for payouts.

Platform staff (catalog.manage_commercial_terms) and finance (orders.manage_payouts) see every
group's terms; a group's own staff see only their own group's (the admin masks the account);
anyone else gets an empty queryset.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from catalog.models import PayoutAccountChange, ProducerGroupPage, ProducerGroupTerms
from catalog.models.groups import COMMERCIAL_TERMS_PERMISSION, VerificationStatus
from catalog.models.terms import PayoutAccountChangeStatus

CONFIRM_ACCOUNTS_PERMISSION = "orders.manage_payouts"


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def manages_terms(user) -> bool:
    """May set commission and verification status, and propose payout accounts."""
    return _active(user) and user.has_perm(COMMERCIAL_TERMS_PERMISSION)


def confirms_accounts(user) -> bool:
    """Finance: may confirm or reject a proposed payout account (never their own)."""
    return _active(user) and user.has_perm(CONFIRM_ACCOUNTS_PERMISSION)


def sees_all_terms(user) -> bool:
    return manages_terms(user) or confirms_accounts(user)


def terms_for_user(user) -> QuerySet[ProducerGroupTerms]:
    """Every group's terms for platform staff and finance; a group's staff: their own."""
    terms = ProducerGroupTerms.objects.select_related("group")
    if sees_all_terms(user):
        return terms
    if not _active(user):
        return terms.none()
    return terms.filter(group__staff_group__in=user.groups.all())


def pending_account_changes_for_user(user) -> QuerySet[PayoutAccountChange]:
    """Proposed payout accounts awaiting confirmation, oldest first: platform staff only."""
    if not sees_all_terms(user):
        return PayoutAccountChange.objects.none()
    return (
        PayoutAccountChange.objects.filter(status=PayoutAccountChangeStatus.PENDING)
        .select_related("terms__group", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def group_terms(group: ProducerGroupPage) -> ProducerGroupTerms:
    """The group's terms (unsaved defaults if it has none yet)."""
    return group.commercial_terms


def payout_hold_reason(terms: ProducerGroupTerms) -> str:
    """Why the group's payouts are held by its status, or '' when they are not.

    The rule: a suspended group is paid nothing; a group still pending verification may sell,
    but its earnings wait in its balance until it is verified.
    """
    if terms.verification_status == VerificationStatus.SUSPENDED:
        return _("Held: group suspended.")
    if terms.verification_status != VerificationStatus.VERIFIED:
        return _("Held: not verified yet.")
    return ""


def suspended_group_ids() -> QuerySet:
    """Ids of suspended groups, for excluding their products from public listings."""
    return ProducerGroupTerms.objects.filter(
        verification_status=VerificationStatus.SUSPENDED
    ).values("group_id")
