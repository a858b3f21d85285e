"""Text messages to makers: her piece sold (her share is recorded), her group paid her.

Only with her recorded consent and a phone number (ArtisanPage.can_be_texted); in Urdu for a
group in Pakistan. Queued inside the transaction that recorded the money and sent after
commit by the core (marketplace.notifications); the dedupe keys make a repeat queue nothing.
Registered with the core from OrdersConfig.ready().
"""

from decimal import Decimal
from typing import Any

from catalog.models import ArtisanPage, ProducerGroupPage
from catalog.notifications import group_language
from marketplace.notifications.registry import NotificationEvent
from marketplace.notifications.services import NotificationMessage, notifications_queue
from orders.models import MakerPaymentMethod

MAKER_PIECE_SOLD = "maker_piece_sold"
MAKER_PAYMENT_RECORDED = "maker_payment_recorded"

NOTIFICATION_EVENTS = [
    NotificationEvent(MAKER_PIECE_SOLD),
    NotificationEvent(MAKER_PAYMENT_RECORDED),
]


def _message(
    *, event: str, key: str, artisan: ArtisanPage, group: ProducerGroupPage, context: dict[str, Any]
) -> NotificationMessage:
    return NotificationMessage(
        event=event,
        dedupe_key=key,
        language=group_language(group),
        context={"maker": artisan.first_name, "group": group.title, **context},
        phone=artisan.phone,
    )


def makers_piece_sold_notify(
    *, key: str, group: ProducerGroupPage, shares: list[tuple[ArtisanPage, int, Decimal]]
) -> None:
    """One SMS per maker who agreed: `shares` are (artisan, pieces, amount owed to her)."""
    notifications_queue(
        messages=[
            _message(
                event=MAKER_PIECE_SOLD,
                key=f"{MAKER_PIECE_SOLD}:{key}:a{artisan.pk}",
                artisan=artisan,
                group=group,
                context={"pieces": pieces, "amount": amount},
            )
            for artisan, pieces, amount in shares
            if artisan.can_be_texted and amount > 0
        ]
    )


def maker_payment_notify(
    *, payment_id: int, artisan: ArtisanPage, group: ProducerGroupPage, amount: Decimal, method: str
) -> None:
    if not artisan.can_be_texted:
        return
    notifications_queue(
        messages=[
            _message(
                event=MAKER_PAYMENT_RECORDED,
                key=f"{MAKER_PAYMENT_RECORDED}:{payment_id}",
                artisan=artisan,
                group=group,
                context={"amount": amount, "method": MakerPaymentMethod(method).label},
            )
        ]
    )
