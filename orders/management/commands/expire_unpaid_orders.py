"""`manage.py expire_unpaid_orders`: the beat task's work, run by hand or from cron."""

from django.core.management.base import BaseCommand

from orders.lifecycle.orders import orders_expire_unpaid


class Command(BaseCommand):
    help = (
        "Cancel unpaid card and transfer orders whose stock reservation has run out, "
        "and put their stock back. Safe to run at any time, and twice."
    )

    def handle(self, *args, **options) -> None:
        cancelled = orders_expire_unpaid()
        self.stdout.write(f"Expired {len(cancelled)} unpaid order(s).")
        if cancelled and options["verbosity"] > 1:
            self.stdout.write("Order ids: " + ", ".join(str(pk) for pk in cancelled))
