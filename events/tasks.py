"""Celery tasks for events: thin wrappers around services, safe to run twice."""

from celery import shared_task

from events.workshops.services import workshop_reminders_queue

SEND_WORKSHOP_REMINDERS = "events.send_workshop_reminders"


@shared_task(name=SEND_WORKSHOP_REMINDERS, ignore_result=True)
def send_workshop_reminders() -> int:
    """Queue the day-before reminders of tomorrow's workshops; run by Celery beat.

    Idempotent: each sign-up's reminder is claimed once (see workshop_reminders_queue).
    """
    return workshop_reminders_queue()
