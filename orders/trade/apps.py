from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    """Trade enquiries and quotes (bulk and wholesale), above orders: an accepted quote is
    placed as an order through orders' lifecycle; orders never import this app."""

    name = "orders.trade"
    label = "trade"
    verbose_name = _("Trade enquiries")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: they import models, which apps.py must not load.
        from marketplace.notifications.registry import notification_events_register
        from orders.trade.notifications import NOTIFICATION_EVENTS

        notification_events_register(*NOTIFICATION_EVENTS)
