"""Who hears about what: one function per event, called where the event happens.

Each is called inside the transaction that made the event happen (or right after it), and
only queues messages (marketplace.notifications.services); sending happens after commit.

Languages: a buyer hears in the language the site was in when they placed the order (kept on
that order's first notification); a producer group in Pakistan hears in Urdu, any other group
in English; platform staff in the site's default language.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation

from catalog.models.products import LOW_STOCK_THRESHOLD
from marketplace.models import NotificationLog
from marketplace.notifications.services import (
    NotificationMessage,
    language_supported,
    notification_queue,
    notifications_queue,
)

ORDER_PLACED = "order_placed"
ORDER_PAID = "order_paid"
ORDER_SHIPPED = "order_shipped"
ORDER_DELIVERED = "order_delivered"
ORDER_CANCELLED = "order_cancelled"
SUB_ORDER_NEW = "sub_order_new"
SUB_ORDER_CLOSED = "sub_order_closed"
GROUP_SUB_ORDER_CLOSED = "group_sub_order_closed"
REFUND_SENT = "refund_sent"
LOW_STOCK = "low_stock"
TRANSFER_AWAITING_VERIFICATION = "transfer_awaiting_verification"
PAYOUT_SENT = "payout_sent"
PAYOUT_FAILED = "payout_failed"
APPLICATION_DECISION = "application_decision"

VERIFY_TRANSFERS_PERMISSION = ("orders", "verify_transfers")
MANAGE_PAYOUTS_PERMISSION = ("orders", "manage_payouts")


def buyer_language(order) -> str:
    placed = (
        NotificationLog.objects.filter(order_id=order.pk, event=ORDER_PLACED)
        .values_list("language", flat=True)
        .first()
    )
    return placed or settings.LANGUAGE_CODE


def group_language(group) -> str:
    return "ur" if group.country == "PK" else "en"


def _site_url(path: str) -> str:
    """An absolute link for a message read outside the site."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _order_context(order) -> dict:
    return {
        "order": order,
        "number": order.number,
        "name": order.contact_name,
        "total": order.grand_total,
        "order_url": _site_url(order.get_absolute_url()),
    }


def _buyer_queue(*, event: str, order, language: str, context: dict, key: str, sub_order=None):
    notification_queue(
        event=event,
        dedupe_key=key,
        language=language,
        context=context,
        email=order.contact_email,
        phone=order.contact_phone,
        order_id=order.pk,
        sub_order_id=sub_order.pk if sub_order is not None else None,
    )


def order_placed_notify(
    *,
    order,
    stock_left: dict[int, int] | None = None,
    quantities: dict[int, int] | None = None,
    sub_orders: list[tuple] | None = None,
) -> None:
    """Order placed: tell the buyer, each producer group of its new sub-order, and each group
    whose variants this order took down to the low-stock threshold (`stock_left` maps variant
    ids to the stock after this order, `quantities` to what it took).

    `sub_orders`, when the caller has just made them, is [(sub-order with its producer group,
    its lines)], so they are not read back. All the messages are written together and go out
    in one task.
    """
    messages = [
        NotificationMessage(
            event=ORDER_PLACED,
            dedupe_key=f"{ORDER_PLACED}:{order.pk}",
            language=language_supported(translation.get_language()),
            context=_order_context(order),
            email=order.contact_email,
            phone=order.contact_phone,
            order_id=order.pk,
        )
    ]
    if sub_orders is None:
        sub_orders = [
            (sub_order, list(sub_order.lines.all()) if sub_order.producer_group_id else [])
            for sub_order in order.sub_orders.select_related("producer_group")
        ]
    for sub_order, lines in sub_orders:
        group = sub_order.producer_group
        if group is None:
            continue
        messages.append(
            NotificationMessage(
                event=SUB_ORDER_NEW,
                dedupe_key=f"{SUB_ORDER_NEW}:{sub_order.pk}",
                language=group_language(group),
                context={
                    **_order_context(order),
                    "group": group,
                    "sub_order": sub_order,
                    "lines": lines,
                },
                email=group.contact_email,
                phone=group.contact_phone,
                order_id=order.pk,
                sub_order_id=sub_order.pk,
            )
        )
    if stock_left and quantities:
        messages += _low_stock_messages(order=order, stock_left=stock_left, quantities=quantities)
    notifications_queue(messages=messages)


def _low_stock_messages(
    *, order, stock_left: dict[int, int], quantities: dict[int, int]
) -> list[NotificationMessage]:
    from catalog.models import ProductVariant

    crossed = [
        variant_id
        for variant_id, stock in stock_left.items()
        if stock <= LOW_STOCK_THRESHOLD < stock + quantities.get(variant_id, 0)
    ]
    if not crossed:
        return []
    variants = ProductVariant.objects.filter(pk__in=crossed).select_related(
        "product", "product__producer_group"
    )
    messages = []
    for variant in variants:
        group = variant.product.producer_group
        if group is None:
            continue
        messages.append(
            NotificationMessage(
                event=LOW_STOCK,
                dedupe_key=f"{LOW_STOCK}:{variant.pk}:{order.pk}",
                language=group_language(group),
                context={
                    "group": group,
                    "product": variant.product.title,
                    "variant": variant.label,
                    "sku": variant.sku,
                    "stock": stock_left[variant.pk],
                },
                email=group.contact_email,
                phone=group.contact_phone,
                order_id=order.pk,
            )
        )
    return messages


def order_status_notify(*, order) -> None:
    """The order's derived status changed: tell the buyer when it became paid or cancelled."""
    from orders.models import OrderStatus

    event = {OrderStatus.PAID: ORDER_PAID, OrderStatus.CANCELLED: ORDER_CANCELLED}.get(order.status)
    if event is None:
        return
    _buyer_queue(
        event=event,
        order=order,
        language=buyer_language(order),
        context=_order_context(order),
        key=f"{event}:{order.pk}",
    )


def sub_order_status_notify(*, sub_order) -> None:
    """A group shipped or delivered its part: tell the buyer (with the courier's tracking)."""
    from orders.models import SubOrderStatus

    event = {
        SubOrderStatus.SHIPPED: ORDER_SHIPPED,
        SubOrderStatus.DELIVERED: ORDER_DELIVERED,
    }.get(sub_order.status)
    if event is None:
        return
    order = sub_order.order
    _buyer_queue(
        event=event,
        order=order,
        language=buyer_language(order),
        context={**_order_context(order), "sub_order": sub_order},
        key=f"{event}:{sub_order.pk}",
        sub_order=sub_order,
    )


def sub_order_closed_notify(*, sub_order, refund=None, tell_buyer: bool = True) -> None:
    """One group's part was cancelled, declined or returned: tell the group and (unless the
    whole order was cancelled, which the buyer hears about once) the buyer."""
    order = sub_order.order
    context = {**_order_context(order), "sub_order": sub_order, "refund": refund}
    messages = []
    if tell_buyer:
        messages.append(
            NotificationMessage(
                event=SUB_ORDER_CLOSED,
                dedupe_key=f"{SUB_ORDER_CLOSED}:{sub_order.pk}",
                language=buyer_language(order),
                context=context,
                email=order.contact_email,
                phone=order.contact_phone,
                order_id=order.pk,
                sub_order_id=sub_order.pk,
            )
        )
    group = sub_order.producer_group
    if group is not None:
        messages.append(
            NotificationMessage(
                event=GROUP_SUB_ORDER_CLOSED,
                dedupe_key=f"{GROUP_SUB_ORDER_CLOSED}:{sub_order.pk}",
                language=group_language(group),
                context={**context, "group": group},
                email=group.contact_email,
                phone=group.contact_phone,
                order_id=order.pk,
                sub_order_id=sub_order.pk,
            )
        )
    notifications_queue(messages=messages)


def refund_sent_notify(*, refund) -> None:
    """A refund left the platform (Stripe, or finance's transfer): tell the buyer."""
    order = refund.order
    _buyer_queue(
        event=REFUND_SENT,
        order=order,
        language=buyer_language(order),
        context={**_order_context(order), "refund": refund, "amount": refund.amount},
        key=f"{REFUND_SENT}:{refund.pk}",
    )


def transfer_reference_notify(*, payment) -> None:
    """A buyer gave a transfer reference: tell the staff who verify transfers."""
    order = payment.order
    _staff_queue(
        VERIFY_TRANSFERS_PERMISSION,
        event=TRANSFER_AWAITING_VERIFICATION,
        occurrence=payment.pk,
        context={
            **_order_context(order),
            "payment": payment,
            "amount": payment.amount,
            "reference": payment.reference,
            "provider": payment.provider,
            "desk_url": _site_url(f"/admin/orders/{order.pk}/"),
        },
        order_id=order.pk,
    )


def _staff_queue(
    permission: tuple[str, str],
    *,
    event: str,
    occurrence: int,
    context: dict,
    order_id: int | None = None,
) -> None:
    """Email `event` to every staff user holding `permission`, once per user and occurrence:
    the rows are written together and sent by one task."""
    notifications_queue(
        messages=[
            NotificationMessage(
                event=event,
                dedupe_key=f"{event}:{occurrence}:{user.pk}",
                language=settings.LANGUAGE_CODE,
                context=context,
                email=user.email,
                order_id=order_id,
            )
            for user in _staff_with_permission(permission)
        ]
    )


def _staff_with_permission(permission: tuple[str, str]):
    """Active users with an email who hold `permission` (app label, codename), directly or
    through a group. Superusers are not added: they get what their groups ask for."""
    from django.contrib.auth.models import Permission

    app_label, codename = permission
    granted = Permission.objects.filter(codename=codename, content_type__app_label=app_label)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(user_permissions__in=granted) | Q(groups__permissions__in=granted))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def application_decision_notify(*, decision) -> None:
    """An organiser decided on a group's stall application: tell the group."""
    application = decision.application
    group = application.group
    notification_queue(
        event=APPLICATION_DECISION,
        dedupe_key=f"{APPLICATION_DECISION}:{decision.pk}",
        language=group_language(group),
        context={
            "group": group,
            "mela": application.mela.title,
            "status": decision.to_status,
            "stall": decision.stall.number if decision.stall else "",
            "reason": decision.reason,
        },
        email=group.contact_email,
        phone=group.contact_phone,
    )


def payout_sent_notify(*, group, payout_id: int, amount: Decimal, reference: str = "") -> None:
    """A payout left the platform for the group's account: tell the group.

    For the payouts service to call, inside the transaction that records the payout.
    """
    notification_queue(
        event=PAYOUT_SENT,
        dedupe_key=f"{PAYOUT_SENT}:{payout_id}",
        language=group_language(group),
        context={"group": group, "amount": amount, "reference": reference},
        email=group.contact_email,
        phone=group.contact_phone,
    )


def payout_failed_notify(*, payout) -> None:
    """A payout failed and its amount went back to the group's balance: tell finance."""
    _staff_queue(
        MANAGE_PAYOUTS_PERMISSION,
        event=PAYOUT_FAILED,
        occurrence=payout.pk,
        context={
            "payout": payout,
            "number": payout.number,
            "group": payout.producer_group,
            "amount": payout.amount,
            "reason": payout.failure_reason,
            "payouts_url": _site_url("/admin/payouts/"),
        },
    )
