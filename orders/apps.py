from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders and payments")

    def ready(self) -> None:
        from marketplace.pending_work import pending_work_register
        from orders.pending_payouts import PAYOUT_SENDS
        from orders.pending_refunds import CARD_REFUND_SENDS

        pending_work_register(PAYOUT_SENDS)
        pending_work_register(CARD_REFUND_SENDS)
