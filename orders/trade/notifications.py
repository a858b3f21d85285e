"""Who hears about trade enquiries: the buyer (their code, each quote), the groups asked, and
the group whose quote was accepted. Each is queued inside the transaction that caused it and
sent after commit by the core (marketplace.notifications)."""

from catalog.notifications import group_language
from marketplace.notifications.recipients import site_url
from marketplace.notifications.registry import NotificationEvent
from marketplace.notifications.services import (
    NotificationMessage,
    notification_queue,
    notifications_queue,
)

TRADE_ENQUIRY_CONFIRM = "trade_enquiry_confirm"
TRADE_ENQUIRY_NEW = "trade_enquiry_new"
TRADE_QUOTE_RECEIVED = "trade_quote_received"
TRADE_QUOTE_ACCEPTED = "trade_quote_accepted"

NOTIFICATION_EVENTS = [
    NotificationEvent(name)
    for name in (
        TRADE_ENQUIRY_CONFIRM,
        TRADE_ENQUIRY_NEW,
        TRADE_QUOTE_RECEIVED,
        TRADE_QUOTE_ACCEPTED,
    )
]


def enquiry_confirmation_notify(*, enquiry, code: str) -> None:
    """The one-time code (and the private link) to the phone and email the buyer gave."""
    notification_queue(
        event=TRADE_ENQUIRY_CONFIRM,
        dedupe_key=f"{TRADE_ENQUIRY_CONFIRM}:{enquiry.pk}",
        language=enquiry.language,
        context={
            "name": enquiry.buyer_name,
            "code": code,
            "enquiry_url": site_url(enquiry.get_absolute_url()),
        },
        email=enquiry.contact_email,
        phone=enquiry.contact_phone,
    )


def enquiry_new_notify(*, enquiry, groups) -> None:
    """Each group asked hears of the enquiry (never the buyer's contact details)."""
    notifications_queue(
        messages=[
            NotificationMessage(
                event=TRADE_ENQUIRY_NEW,
                dedupe_key=f"{TRADE_ENQUIRY_NEW}:{enquiry.pk}:{group.pk}",
                language=group_language(group),
                context={
                    "group": group,
                    "business": enquiry.business_name,
                    "deadline": enquiry.deadline,
                    "admin_url": site_url(f"/admin/trade-enquiries/{enquiry.pk}/"),
                },
                email=group.contact_email,
                phone=group.contact_phone,
            )
            for group in groups
        ]
    )


def quote_received_notify(*, quote) -> None:
    enquiry = quote.enquiry
    notification_queue(
        event=TRADE_QUOTE_RECEIVED,
        dedupe_key=f"{TRADE_QUOTE_RECEIVED}:{quote.pk}",
        language=enquiry.language,
        context={
            "name": enquiry.buyer_name,
            "group": quote.producer_group.title,
            "valid_until": quote.valid_until,
            "enquiry_url": site_url(enquiry.get_absolute_url()),
        },
        email=enquiry.contact_email,
        phone=enquiry.contact_phone,
    )


def quote_accepted_notify(*, quote) -> None:
    """The group whose quote was chosen: now it may read the buyer's contact details."""
    group = quote.producer_group
    notification_queue(
        event=TRADE_QUOTE_ACCEPTED,
        dedupe_key=f"{TRADE_QUOTE_ACCEPTED}:{quote.pk}",
        language=group_language(group),
        context={
            "group": group,
            "business": quote.enquiry.business_name,
            "number": quote.order.number if quote.order else "",
            "admin_url": site_url(f"/admin/trade-enquiries/{quote.enquiry_id}/"),
        },
        email=group.contact_email,
        phone=group.contact_phone,
    )
