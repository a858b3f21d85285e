"""Words for the notification log's codes: the event (the template's name, as stored) and the
language code, so that the log reads in the staff's own language. An event without a label
(added later) shows its code."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column

EVENT_LABELS = {
    "account_created": _("Account created"),
    "application_decision": _("Stall application decided"),
    "group_sub_order_closed": _("Group's sub-order closed"),
    "low_stock": _("Low stock"),
    "order_cancelled": _("Order cancelled"),
    "order_delivered": _("Order delivered"),
    "order_paid": _("Payment received"),
    "order_placed": _("Order placed"),
    "order_shipped": _("Order shipped"),
    "payout_account_change_proposed": _("Payout account change proposed"),
    "payout_account_changed": _("Payout account changed"),
    "payout_failed": _("Payout failed"),
    "payout_sent": _("Payout sent"),
    "refund_sent": _("Refund sent"),
    "sign_up_email_in_use": _("Sign-up with an email address in use"),
    "sub_order_closed": _("Sub-order closed"),
    "sub_order_new": _("New sub-order"),
    "transfer_awaiting_verification": _("Transfer awaiting verification"),
}


def event_label(log) -> str:
    return EVENT_LABELS.get(log.event, log.event)


# Not settings.LANGUAGES: those name each language in itself, for the language switcher.
LANGUAGE_NAMES = {
    "en": pgettext_lazy("language a message was sent in", "English"),
    "ur": pgettext_lazy("language a message was sent in", "Urdu"),
}


def language_label(log) -> str:
    return LANGUAGE_NAMES.get(log.language, log.language)


EVENT_COLUMN = Column("event", label=_("event"), accessor=event_label, sort_key="event")
LANGUAGE_COLUMN = Column(
    "language", label=_("language"), accessor=language_label, sort_key="language"
)


def recipient_isolated(log):
    # A phone number or address reads left to right inside an Urdu screen too (+92…, not …92+).
    return format_html('<bdi dir="ltr">{}</bdi>', log.recipient)


RECIPIENT_COLUMN = Column(
    "recipient", label=_("recipient"), accessor=recipient_isolated, sort_key="recipient"
)
