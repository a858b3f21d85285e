"""`manage.py requeue_pending`: what Celery beat runs every 5 minutes, by hand (for example
right after Redis came back empty)."""

from django.core.management.base import BaseCommand

from marketplace.pending_work import pending_requeue_all, pending_waiting


class Command(BaseCommand):
    help = "Queue again the notifications and payout sends whose task was lost."

    def handle(self, *args, **options):
        for name, queued in pending_requeue_all().items():
            self.stdout.write(f"{name}: {queued} queued again")
        for work, waiting in pending_waiting():
            self.stdout.write(f"{work.name}: {waiting.count} waiting, oldest {waiting.oldest}")
