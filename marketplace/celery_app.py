"""The Celery application. Tasks live in each app's tasks.py and are discovered here."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["marketplace.notifications", "marketplace.newsletter"])  # packages

# Periodic work, run by `make beat` (one beat process per site: two would run each entry twice;
# the tasks are idempotent, so that is wasteful, not harmful).
app.conf.beat_schedule = {
    "expire-unpaid-orders": {
        "task": "orders.expire_unpaid_orders",
        "schedule": 5 * 60.0,  # seconds; card reservations last 60 minutes by default
        "options": {"expires": 4 * 60},  # a run still queued when the next one is due is dropped
    },
    # Builds a payout for every group owed at least PAYOUT_MINIMUM, and resends Stripe
    # payouts left open by an earlier run (a lost worker, Stripe unreachable).
    "run-payouts": {
        "task": "orders.run_payouts",
        "schedule": crontab(hour=6, minute=0),  # Asia/Karachi: before the working day
        "options": {"expires": 60 * 60},
    },
    # The day-before SMS reminder of each workshop sign-up (each sent once), hourly in the
    # daytime so that sign-ups made the day before are reminded too, never at night.
    "send-workshop-reminders": {
        "task": "events.send_workshop_reminders",
        "schedule": crontab(hour="9-19", minute=30),  # Asia/Karachi
        "options": {"expires": 50 * 60},
    },
    # Notifications and payout sends whose task was lost (the broker was down when they were
    # queued, or Redis restarted empty) are queued again (marketplace.pending_work).
    "requeue-pending": {
        "task": "marketplace.requeue_pending",
        "schedule": 5 * 60.0,
        "options": {"expires": 4 * 60},
    },
    # Market information: the day counters (Redis) and the day's sales into daily rows; each
    # run writes totals, so an overlapping or repeated run changes nothing.
    "copy-market-counters": {
        "task": "catalog.copy_market_counters",
        "schedule": 60 * 60.0,
        "options": {"expires": 50 * 60},
    },
    "copy-market-sales": {
        "task": "orders.copy_market_sales",
        "schedule": 60 * 60.0,
        "options": {"expires": 50 * 60},
    },
    # Newsletter sends whose task was lost (a killed worker, the broker down) carry on.
    "resume-newsletter-sends": {
        "task": "marketplace.resume_newsletter_sends",
        "schedule": 5 * 60.0,
        "options": {"expires": 4 * 60},
    },
}
