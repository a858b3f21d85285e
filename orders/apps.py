from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders and payments")

    def ready(self) -> None:
        # Imported here, not at the top: they import models, which apps.py must not load.
        from marketplace.notifications.registry import notification_events_register
        from marketplace.pending_work import pending_work_register
        from orders.finance.maker_notifications import NOTIFICATION_EVENTS as MAKER_EVENTS
        from orders.finance.pending_payouts import PAYOUT_SENDS
        from orders.notifications import NOTIFICATION_EVENTS
        from orders.payments.pending_refunds import CARD_REFUND_SENDS

        pending_work_register(PAYOUT_SENDS)
        pending_work_register(CARD_REFUND_SENDS)
        notification_events_register(*NOTIFICATION_EVENTS, *MAKER_EVENTS)

        from marketplace.exports.registry import export_register
        from orders.finance.dashboards.sales_export import SALES_EXPORT
        from orders.finance.maker_earnings_export import MAKER_EARNINGS_EXPORT

        export_register(SALES_EXPORT)
        export_register(MAKER_EARNINGS_EXPORT)
