"""`manage.py run_payouts`: the daily beat task's work, run by hand or from cron."""

from django.core.management.base import BaseCommand

from orders.finance.payout_runs import payouts_run


class Command(BaseCommand):
    help = (
        "Build a payout for every producer group owed at least PAYOUT_MINIMUM and resend open "
        "Stripe payouts. Safe to run at any time, and twice: a group has one payout on its way."
    )

    def handle(self, *args, **options) -> None:
        run = payouts_run()
        self.stdout.write(
            f"Built {len(run.created)} payout(s); resent {len(run.resent)} Stripe payout(s)."
        )
        for group_id, reason in sorted(run.skipped.items()):
            self.stdout.write(f"Skipped group {group_id}: {reason}")
