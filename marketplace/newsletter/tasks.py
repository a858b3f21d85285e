"""Newsletter tasks: thin wrappers around the services, safe to run twice.

They go to NOTIFICATION_QUEUE (Celery's default queue when empty), like other messages; a
broker that is down when one is queued loses nothing: the sweep queues unfinished sends again.
"""

from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction

from marketplace.newsletter.sending import newsletter_send_batch, unfinished_send_ids
from marketplace.newsletter.subscriptions import confirmation_email_send
from marketplace.task_publishing import task_publish

SEND_NEWSLETTER_CONFIRMATION = "marketplace.send_newsletter_confirmation"
SEND_NEWSLETTER_BATCH = "marketplace.send_newsletter_batch"
RESUME_NEWSLETTER_SENDS = "marketplace.resume_newsletter_sends"


def _queue() -> str | None:
    return settings.NOTIFICATION_QUEUE or None


def newsletter_task_queue(task, *args: int, after_commit: bool = False) -> None:
    publish = partial(task_publish, task, args=list(args), what=task.name, queue=_queue())
    if after_commit:
        transaction.on_commit(publish)
    else:
        publish()


@shared_task(name=SEND_NEWSLETTER_CONFIRMATION, ignore_result=True)
def send_newsletter_confirmation(subscriber_id: int) -> bool:
    return confirmation_email_send(subscriber_id=subscriber_id)


@shared_task(name=SEND_NEWSLETTER_BATCH, acks_late=True, ignore_result=True)
def send_newsletter_batch(send_id: int) -> int:
    """One batch, then the next as a new task (the queue stays fair to other work). Late
    acknowledgement: a batch whose worker died is delivered again and picks up where it was."""
    result = newsletter_send_batch(send_id=send_id)
    if result.remaining:
        newsletter_task_queue(send_newsletter_batch, send_id)
    return result.remaining


@shared_task(name=RESUME_NEWSLETTER_SENDS, ignore_result=True)
def resume_newsletter_sends() -> int:
    """Queue a batch for every unfinished send (a lost task, a worker killed); run by beat."""
    sends = unfinished_send_ids()
    for send_id in sends:
        newsletter_task_queue(send_newsletter_batch, send_id)
    return len(sends)
