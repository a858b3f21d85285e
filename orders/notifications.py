"""Who hears about orders, payments, refunds and payouts: one function per event, called
where the event happens (the lifecycle's effects and the services).

Each is called inside the transaction that made the event happen (or right after it), and
only queues messages (marketplace.notifications.services); sending happens after commit.
The events are registered with the core from OrdersConfig.ready().

Languages: a buyer hears in the language the site was in when they placed the order (kept on
that order's first notification); a producer group in Pakistan hears in Urdu, any other group
in English (catalog.notifications.group_language); platform staff in the site's default language.
"""

from decimal import Decimal

from django.conf import settings
from django.utils import translation

from catalog.notifications import group_language, low_stock_messages
from marketplace.models import NotificationLog
from marketplace.notifications.recipients import site_url, staff_notify
from marketplace.notifications.registry import NotificationEvent
from marketplace.notifications.services import (
    NotificationMessage,
    language_supported,
    notification_queue,
    notifications_queue,
)
from orders.models import OrderStatus, SubOrderStatus

ORDER_PLACED = "order_placed"
ORDER_PAID = "order_paid"
ORDER_SHIPPED = "order_shipped"
ORDER_DELIVERED = "order_delivered"
ORDER_CANCELLED = "order_cancelled"
SUB_ORDER_NEW = "sub_order_new"
SUB_ORDER_CLOSED = "sub_order_closed"
GROUP_SUB_ORDER_CLOSED = "group_sub_order_closed"
REFUND_SENT = "refund_sent"
TRANSFER_AWAITING_VERIFICATION = "transfer_awaiting_verification"
PAYOUT_SENT = "payout_sent"
PAYOUT_FAILED = "payout_failed"
ACCOUNT_CREATED = "account_created"
SIGN_UP_EMAIL_IN_USE = "sign_up_email_in_use"

NOTIFICATION_EVENTS = [
    *(
        NotificationEvent(name)
        for name in (
            ORDER_PLACED,
            ORDER_PAID,
            ORDER_SHIPPED,
            ORDER_DELIVERED,
            ORDER_CANCELLED,
            SUB_ORDER_NEW,
            SUB_ORDER_CLOSED,
            GROUP_SUB_ORDER_CLOSED,
            REFUND_SENT,
            PAYOUT_SENT,
            ACCOUNT_CREATED,
            SIGN_UP_EMAIL_IN_USE,
        )
    ),
    NotificationEvent(TRANSFER_AWAITING_VERIFICATION, staff_permission="orders.verify_transfers"),
    NotificationEvent(PAYOUT_FAILED, staff_permission="orders.manage_payouts"),
]


def buyer_language(order) -> str:
    placed = (
        NotificationLog.objects.filter(order_id=order.pk, event=ORDER_PLACED)
        .values_list("language", flat=True)
        .first()
    )
    return placed or settings.LANGUAGE_CODE


def _order_context(order) -> dict:
    return {
        "order": order,
        "number": order.number,
        "name": order.contact_name,
        "total": order.grand_total,
        "order_url": site_url(order.get_absolute_url()),
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
        messages += low_stock_messages(
            order_id=order.pk, stock_left=stock_left, quantities=quantities
        )
    notifications_queue(messages=messages)


def order_status_notify(*, order) -> None:
    """The order's derived status changed: tell the buyer when it became paid or cancelled."""
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
    staff_notify(
        event=TRANSFER_AWAITING_VERIFICATION,
        occurrence=payment.pk,
        context={
            **_order_context(order),
            "payment": payment,
            "amount": payment.amount,
            "reference": payment.reference,
            "provider": payment.provider,
            "desk_url": site_url(f"/admin/orders/{order.pk}/"),
        },
        order_id=order.pk,
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
    staff_notify(
        event=PAYOUT_FAILED,
        occurrence=payout.pk,
        context={
            "payout": payout,
            "number": payout.number,
            "group": payout.producer_group,
            "amount": payout.amount,
            "reason": payout.failure_reason,
            "payouts_url": site_url("/admin/payouts/"),
        },
    )
