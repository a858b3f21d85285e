"""Reads of payouts, for whom may see them.

Finance (orders.manage_payouts) see every payout; anyone else gets an empty queryset, so a
view cannot leak one. A group's own payouts are read through payouts_for_group, after the
caller has found the group through a permission-checked queryset (statement_groups_for_user).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, QuerySet, Sum, Value, When

from catalog.models import ProducerGroupPage
from marketplace.money import to_money
from marketplace.users import AnyUser
from orders.finance.payout_runs import groups_owed_at_least
from orders.finance.payouts import MANUAL_METHODS, PayoutError, payout_method_for
from orders.models import OPEN_PAYOUT_STATUSES, Payout

MANAGE_PAYOUTS_PERMISSION = "orders.manage_payouts"


def manages_payouts(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm(MANAGE_PAYOUTS_PERMISSION)
    )


def payouts_for_user(user: AnyUser) -> QuerySet[Payout]:
    """Every payout for finance, newest first; nothing for anyone else."""
    if not manages_payouts(user):
        return Payout.objects.none()
    return Payout.objects.select_related("producer_group").order_by("-pk")


def payout_for_user(user: AnyUser, payout_id: int) -> Payout:
    """One payout with who created and closed it; Payout.DoesNotExist if `user` may not see it."""
    return (
        payouts_for_user(user)
        .select_related("created_by", "closed_by", "retry_of")
        .get(pk=payout_id)
    )


def payout_retried_by(payout: Payout) -> Payout | None:
    """The payout built to retry `payout`, if there is one."""
    return Payout.objects.filter(retry_of=payout).first()


def manual_payouts(user: AnyUser, *, status: str) -> QuerySet[Payout]:
    """`user`'s view of the manual (bank or wallet) payouts in `status`, oldest first.

    Pending ones are still to be exported; processing ones were exported and not closed yet.
    """
    return payouts_for_user(user).filter(status=status, method__in=MANUAL_METHODS).order_by("pk")


@dataclass(frozen=True)
class PayoutTotals:
    count: int
    amount: Decimal


def payout_totals(payouts: QuerySet[Payout]) -> PayoutTotals:
    """How many payouts and how much money `payouts` holds: one query."""
    totals = payouts.order_by().aggregate(count=Count("pk"), amount=Sum("amount"))
    return PayoutTotals(count=totals["count"], amount=to_money(totals["amount"] or 0))


@dataclass(frozen=True)
class OwedGroup:
    """A group owed at least the payout minimum, and why it cannot be paid (empty: it can)."""

    group: ProducerGroupPage
    available: Decimal
    problem: str


def groups_owed(minimum: Decimal) -> list[OwedGroup]:
    """Groups with no payout in flight whose available balance reaches `minimum`: two queries.

    `problem` is what payout_method_for says is missing, for finance to fix before a run, or
    why the group's payouts are held ("Held: group suspended.", "Held: not verified yet.").
    """
    available = groups_owed_at_least(minimum)
    if not available:
        return []
    owed = []
    groups = ProducerGroupPage.objects.filter(pk__in=available).select_related("terms")
    for group in groups.order_by("title"):
        try:
            payout_method_for(group)
            problem = ""
        except PayoutError as error:
            problem = str(error)
        owed.append(OwedGroup(group=group, available=available[group.pk], problem=problem))
    return owed


def payouts_for_group(group: ProducerGroupPage) -> QuerySet[Payout]:
    """The group's payouts: those still on their way first, then the rest, newest first."""
    return (
        Payout.objects.filter(producer_group=group)
        .annotate(
            closed_order=Case(
                When(status__in=OPEN_PAYOUT_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_order", "-pk")
    )
