"""Writes for melas: provisioning organisers, applications and their decisions, stall sales.

Each service is one transaction and checks its own permission, so views and admin screens
hold no rules.
"""

import logging
import uuid
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ProducerGroupPage, ProductPage, ProductVariant, StockMovementReason
from catalog.services import StockError, stock_adjust
from events import notifications as event_notifications
from events.models import (
    ApplicationDecision,
    ApplicationStatus,
    ExhibitorApplication,
    MelaPage,
    MelaVisitorCount,
    Stall,
    StallSale,
)
from events.models.pages import mela_today
from events.selectors import groups_selling_at_mela, melas_organised_by, producer_groups_of
from events.stall_sale_days import stall_sales_closed_reason
from marketplace import page_cache
from marketplace.money import commission_split, to_money
from marketplace.page_teams import page_team_ensure
from marketplace.users import User
from orders.finance.mela_cash import ledger_record_stall_sale

logger = logging.getLogger(__name__)

# Organisers edit and publish their mela's page (and its schedule); nothing else in the tree.
ORGANISER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")

# The application state machine: which decisions may follow which status.
TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.APPROVED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.WAITLISTED: {
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.APPROVED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.REJECTED: set(),
    ApplicationStatus.WITHDRAWN: set(),
}


class ApplicationError(Exception):
    """An application or decision that the rules do not allow; the message is for the user."""


class StallTaken(ApplicationError):
    """The stall is already held by another group."""


class StallSaleError(Exception):
    """A stall sale that cannot be recorded; the message is for the user."""


@transaction.atomic
def mela_provision(*, mela: MelaPage) -> MelaPage:
    """Give a mela its organisers group (page permissions on its subtree only) and collection.

    Idempotent: running it again repairs missing pieces and creates no duplicates.
    """
    mela = MelaPage.objects.select_for_update().get(pk=mela.pk)
    names = {"title": mela.title[:80], "id": mela.pk}
    mela.organisers_group, mela.collection = page_team_ensure(
        page=mela,
        group=mela.organisers_group,
        group_name=_("Mela organisers: %(title)s (#%(id)s)") % names,
        collection=mela.collection,
        collection_name=_("Mela: %(title)s (#%(id)s)") % names,
        page_permissions=ORGANISER_PAGE_PERMISSIONS,
    )
    MelaPage.objects.filter(pk=mela.pk).update(
        organisers_group=mela.organisers_group, collection=mela.collection
    )
    return mela


def mela_organiser_add(*, mela: MelaPage, user: User) -> None:
    if mela.organisers_group is None:
        mela = mela_provision(mela=mela)
    assert mela.organisers_group is not None  # made by mela_provision
    user.groups.add(mela.organisers_group)


# Applications -------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    user: User,
    mela: MelaPage,
    group: ProducerGroupPage,
    products: list[ProductPage],
    stall_size_wanted: str,
    needs: str = "",
) -> ExhibitorApplication:
    """A group's staff apply for a stall while the mela's application window is open."""
    if not producer_groups_of(user).filter(pk=group.pk).exists():
        raise PermissionDenied
    if not mela.live or not mela.applications_are_open:
        raise ApplicationError(_("Stall applications for this mela are not open."))
    if any(product.producer_group_id != group.pk for product in products):
        raise ApplicationError(_("Choose only your own group's products."))
    if ExhibitorApplication.objects.filter(mela=mela, group=group).exists():
        raise ApplicationError(_("Your group has already applied to this mela."))
    try:
        with transaction.atomic():
            application = ExhibitorApplication.objects.create(
                mela=mela,
                group=group,
                stall_size_wanted=stall_size_wanted,
                needs=needs,
                submitted_by=user,
            )
    except IntegrityError:
        raise ApplicationError(_("Your group has already applied to this mela.")) from None
    application.products.set(products)
    ApplicationDecision.objects.create(
        application=application,
        from_status=ApplicationStatus.SUBMITTED,
        to_status=ApplicationStatus.SUBMITTED,
        actor=user,
    )
    return application


def application_decide(
    *,
    application_id: int,
    user: User,
    decision: str,
    stall_id: int | None = None,
    reason: str = "",
) -> ExhibitorApplication:
    """Approve with a stall, waitlist, or reject with a reason (organisers); withdraw (group).

    Race-safe: the stall row and then the application row are locked (always in that order),
    so two organisers approving different groups for one stall at once give it to one group;
    the partial unique constraint on approved applications' stalls backs this up on any
    database. Returns the application; raises StallTaken, ApplicationError or PermissionDenied.
    """
    try:
        with transaction.atomic():
            application = _application_decide_locked(
                application_id=application_id,
                user=user,
                decision=decision,
                stall_id=stall_id,
                reason=reason,
            )
    except IntegrityError:
        raise StallTaken(_("This stall has just been given to another group.")) from None
    transaction.on_commit(lambda: application_decision_notify(application_id=application.pk))
    return application


def _application_decide_locked(
    *, application_id: int, user: User, decision: str, stall_id: int | None, reason: str
) -> ExhibitorApplication:
    application = ExhibitorApplication.objects.select_related("mela").get(pk=application_id)
    is_organiser = melas_organised_by(user).filter(pk=application.mela_id).exists()
    is_group_staff = producer_groups_of(user).filter(pk=application.group_id).exists()
    if decision == ApplicationStatus.WITHDRAWN:
        if not (is_group_staff or is_organiser):
            raise PermissionDenied
    elif not is_organiser:
        raise PermissionDenied

    stall = None
    if decision == ApplicationStatus.APPROVED:
        if stall_id is None:
            raise ApplicationError(_("Choose a stall to approve the application."))
        # Lock order: stall first, then application.
        stall = Stall.objects.select_for_update().filter(pk=stall_id).first()
        if stall is None or stall.mela_id != application.mela_id:
            raise ApplicationError(_("Choose one of this mela's stalls."))
    elif decision == ApplicationStatus.REJECTED and not reason.strip():
        raise ApplicationError(_("Give the group a reason for the rejection."))

    application = (
        ExhibitorApplication.objects.select_for_update()
        .select_related("mela")
        .get(pk=application_id)
    )
    previous = application.status
    if decision not in TRANSITIONS.get(previous, set()):
        raise ApplicationError(
            _("An application that is %(current)s cannot be %(decision)s.")
            % {
                "current": ApplicationStatus(previous).label.lower(),
                "decision": ApplicationStatus(decision).label.lower(),
            }
        )
    if stall is not None:
        holder = (
            ExhibitorApplication.objects.filter(stall=stall, status=ApplicationStatus.APPROVED)
            .exclude(pk=application.pk)
            .select_related("group")
            .first()
        )
        if holder is not None:
            raise StallTaken(
                _("Stall %(number)s is already given to %(group)s.")
                % {"number": stall.number, "group": holder.group.title}
            )

    application.status = decision
    application.stall = stall
    application.decision_reason = reason.strip()
    application.decided_by = user
    application.decided_at = timezone.now()
    application.save(
        update_fields=["status", "stall", "decision_reason", "decided_by", "decided_at"]
    )
    ApplicationDecision.objects.create(
        application=application,
        from_status=previous,
        to_status=decision,
        stall=stall,
        reason=application.decision_reason,
        actor=user,
    )
    # The stall map and exhibitor lists on public pages change with an allocation.
    page_cache.invalidate()
    return application


def application_decision_notify(*, application_id: int) -> None:
    """Tell the group about the latest decision on its application (SMS and email, in the
    group's language), and mark its audit record as notified. Runs after the decision commits.
    """
    decision = (
        ApplicationDecision.objects.filter(application_id=application_id, notified_at=None)
        .select_related("application__group", "application__mela", "stall")
        .order_by("-created_at", "-pk")
        .first()
    )
    if decision is None:
        return
    application = decision.application
    logger.info(
        "Mela application decision: group=%s mela=%s status=%s stall=%s reason=%r",
        application.group_id,
        application.mela_id,
        decision.to_status,
        decision.stall.number if decision.stall else "",
        decision.reason,
    )
    with transaction.atomic():
        event_notifications.application_decision_notify(decision=decision)
        ApplicationDecision.objects.filter(pk=decision.pk, notified_at=None).update(
            notified_at=timezone.now()
        )


# Stall sales ----------------------------------------------------------------------------


def stall_sale_record(
    *,
    user: User,
    mela: MelaPage,
    group: ProducerGroupPage,
    variant_id: int,
    quantity: int,
    unit_price: Decimal | None,
    token: uuid.UUID,
    day: date | None = None,
) -> tuple[StallSale, bool]:
    """Record a cash sale at the group's stall and take it off the same stock as the shop.

    Idempotent on `token`: a repeated submission returns the first sale and `created=False`,
    and stock moves once. Raises StallSaleError (not a selling day of the mela, stock, wrong
    product), PermissionDenied.
    """
    existing = StallSale.objects.filter(idempotency_token=token).first()
    if existing is not None:
        return existing, False
    if not groups_selling_at_mela(user=user, mela=mela).filter(pk=group.pk).exists():
        raise PermissionDenied
    sale_day = day or mela_today()
    # Recorded at the stall, so today must be a selling day, and so must the day it is for.
    for each in dict.fromkeys((mela_today(), sale_day)):
        if closed := stall_sales_closed_reason(mela=mela, day=each):
            raise StallSaleError(closed)
    if quantity < 1:
        raise StallSaleError(_("Sell at least one."))
    variant = (
        ProductVariant.objects.filter(pk=variant_id, product__producer_group=group)
        .select_related("product")
        .first()
    )
    if variant is None:
        raise StallSaleError(_("Choose one of your group's products."))
    price = to_money(variant.price if unit_price is None else unit_price)
    if price < 0:
        raise StallSaleError(_("The price cannot be negative."))

    try:
        with transaction.atomic():
            total = to_money(price * quantity)
            sale = StallSale.objects.create(
                mela=mela,
                group=group,
                variant=variant,
                quantity=quantity,
                unit_price=price,
                total=total,
                commission_rate=group.commercial_terms.commission_rate,
                commission=commission_split(total, group.commercial_terms.commission_rate)[1],
                sale_day=sale_day,
                idempotency_token=token,
                recorded_by=user,
            )
            stock_adjust(
                variant_id=variant.pk,
                delta=-quantity,
                reason=StockMovementReason.STALL_SALE,
                by=user,
                reference=mela.title,
            )
            # The group keeps the cash and owes the commission: see orders.finance.mela_cash.
            ledger_record_stall_sale(stall_sale_id=sale.pk)
    except IntegrityError:
        # The same submission arrived twice at once; the other one recorded it.
        return StallSale.objects.get(idempotency_token=token), False
    except StockError:
        raise StallSaleError(
            _("Not enough stock of %(item)s: the shop shows %(stock)s left.")
            % {
                "item": str(variant),
                "stock": ProductVariant.objects.values_list("stock", flat=True).get(pk=variant.pk),
            }
        ) from None
    return sale, True


@transaction.atomic
def visitors_record(*, user: User, mela: MelaPage, day: date, visitors: int) -> MelaVisitorCount:
    if not melas_organised_by(user).filter(pk=mela.pk).exists():
        raise PermissionDenied
    if day not in mela.days:
        raise ApplicationError(_("Choose a day of the mela."))
    count, _created = MelaVisitorCount.objects.update_or_create(
        mela=mela, day=day, defaults={"visitors": visitors}
    )
    return count
