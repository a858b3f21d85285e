"""Queue and deliver notifications: one NotificationLog row per message, sent after commit.

The message is rendered when it is queued, inside the caller's transaction, so the row holds
exactly what will be sent; a rolled-back transaction leaves neither the row nor a task. The
unique dedupe key makes queuing idempotent, and delivery locks the row and skips it once sent,
so a redelivered task sends a message once. Messages queued together (an order's) are written
in one insert and sent by one task.
"""

import hashlib
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, router, transaction
from django.db.models import F
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.utils import timezone, translation

from marketplace.insert_returning import insert_new_rows
from marketplace.models import NotificationLog
from marketplace.notifications.registry import notification_event
from marketplace.sms import SMSDeliveryError, sms_send
from marketplace.task_publishing import task_publish

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("en", "ur")
TEMPLATE_BLOCKS = ("subject", "body", "sms")


class NotificationDeliveryError(Exception):
    """The channel refused or could not be reached; the send task retries."""


def language_supported(language: str | None) -> str:
    """'ur' or 'en' for any language code (ur-PK, en-gb, None...)."""
    code = (language or "").split("-")[0].lower()
    return code if code in SUPPORTED_LANGUAGES else settings.LANGUAGE_CODE


def notification_render(
    *, event: str, language: str, context: dict, blocks: tuple[str, ...] = TEMPLATE_BLOCKS
) -> dict[str, str]:
    """The subject, email body and SMS text of an event's template, in `language` (or only
    the `blocks` asked for).

    Plain text: nothing is HTML-escaped. A missing translation falls back to English.
    """
    try:
        # The Django backend's wrapper; its `.template` is the engine's Template (its nodes).
        loaded: Any = get_template(f"notifications/{event}.{language}.txt")
    except TemplateDoesNotExist:
        loaded = get_template(f"notifications/{event}.en.txt")
    template = loaded.template
    nodes = {node.name: node for node in template.nodelist.get_nodes_by_type(BlockNode)}
    rendered = {}
    with translation.override(language):
        render_context = Context(context, autoescape=False)
        with render_context.bind_template(template):
            for name in blocks:
                rendered[name] = nodes[name].render(render_context).strip()
    return rendered


@dataclass(frozen=True)
class NotificationMessage:
    """One event's message to one recipient, on each channel given (email and/or SMS)."""

    event: str
    dedupe_key: str
    language: str
    context: dict
    email: str = ""
    phone: str = ""
    order_id: int | None = None
    sub_order_id: int | None = None


def notification_queue(
    *,
    event: str,
    dedupe_key: str,
    language: str,
    context: dict,
    email: str = "",
    phone: str = "",
    order_id: int | None = None,
    sub_order_id: int | None = None,
) -> list[NotificationLog]:
    """Log one message per channel given (email and/or SMS) and send each after commit.

    Call inside the transaction that made the event happen. `dedupe_key` names the event
    occurrence (e.g. "order_paid:42"); queuing it again changes nothing.
    """
    return notifications_queue(
        messages=[
            NotificationMessage(
                event=event,
                dedupe_key=dedupe_key,
                language=language,
                context=context,
                email=email,
                phone=phone,
                order_id=order_id,
                sub_order_id=sub_order_id,
            )
        ]
    )


def notifications_queue(*, messages: list[NotificationMessage]) -> list[NotificationLog]:
    """notification_queue for several messages at once (an order's buyer and groups): the rows
    are written together and sent by one task after commit, whatever their number.

    Returns every message's rows, the ones queued earlier under the same key included.
    """
    rows: dict[str, NotificationLog] = {}
    for message in messages:
        notification_event(message.event)  # an unregistered event is a programming error
        email, phone = message.email.strip(), message.phone.strip()
        if not email and not phone:
            continue
        language = language_supported(message.language)
        # The subject is kept on every row; the email body and the SMS only where they go.
        texts = notification_render(
            event=message.event,
            language=language,
            context=message.context,
            blocks=("subject",) + (("body",) if email else ()) + (("sms",) if phone else ()),
        )
        for channel, recipient, body_block in (
            (NotificationLog.Channel.EMAIL, email, "body"),
            (NotificationLog.Channel.SMS, phone, "sms"),
        ):
            if not recipient:
                continue
            recipient_hash = hashlib.sha256(recipient.lower().encode()).hexdigest()[:16]
            key = f"{message.dedupe_key}:{channel}:{recipient_hash}"[:255]
            rows.setdefault(
                key,
                NotificationLog(
                    dedupe_key=key,
                    event=message.event,
                    channel=channel,
                    recipient=recipient,
                    language=language,
                    subject=texts["subject"][:255],
                    body=texts[body_block],
                    order_id=message.order_id,
                    sub_order_id=message.sub_order_id,
                ),
            )
    if not rows:
        return []
    created_ids = _insert_new(list(rows.values()))
    if created_ids:
        transaction.on_commit(partial(notifications_enqueue_after_commit, log_ids=created_ids))
    # Keys queued earlier (a retried step, or a transaction queuing the same key at the same
    # moment, whose row the insert skipped) are read back, and not handed to Celery again.
    earlier = [key for key, log in rows.items() if log.pk is None]
    if earlier:
        rows.update(
            (log.dedupe_key, log) for log in NotificationLog.objects.filter(dedupe_key__in=earlier)
        )
    return list(rows.values())


def _insert_new(logs: list[NotificationLog]) -> list[int]:
    """Insert the rows whose dedupe key is new, in one statement (INSERT ... ON CONFLICT DO
    NOTHING RETURNING, on PostgreSQL and SQLite): the written rows get their ids, which are
    returned; the others keep pk None. bulk_create(ignore_conflicts=True) would need a look-up
    before and a read-back after, because it returns no ids."""
    written = insert_new_rows(logs, returning=["id", "dedupe_key"])
    by_key = {log.dedupe_key: log for log in logs}
    database = router.db_for_write(NotificationLog)
    for pk, key in written:
        log = by_key[key]
        log.pk = pk
        log._state.adding, log._state.db = False, database
    return [pk for pk, _key in written]


def notifications_enqueue_after_commit(*, log_ids: list[int]) -> None:
    """notifications_enqueue run after the caller's commit: what happened is committed by then,
    so a failure to send (on SQLite, "database is locked" while a racing checkout writes; a
    broker that is down) must not turn the caller's request into an error. The rows stay
    pending, to be sent again later, and the failure is logged."""
    try:
        notifications_enqueue(log_ids=log_ids)
    except Exception:
        logger.exception("Notifications %s not sent after commit; they stay pending", log_ids)


def notification_enqueue(*, log_id: int) -> None:
    """Hand one logged message to Celery (in-process when there is no broker)."""
    notifications_enqueue(log_ids=[log_id])


def notifications_enqueue(*, log_ids: list[int]) -> bool:
    """Hand logged messages to Celery as one task (in-process when there is no broker).

    False when the broker is down: the rows stay pending (a warning is logged) and the
    pending-work sweep queues them again (marketplace.notifications.requeue).
    """
    # Imported here: the tasks import this module (cycle).
    from marketplace.notifications.tasks import send_notification, send_notifications

    args: list[Any]
    if len(log_ids) == 1:
        task, args = send_notification, [log_ids[0]]
    else:
        task, args = send_notifications, [list(log_ids)]
    return task_publish(
        task, args=args, what=f"notifications {list(log_ids)}", **notification_task_options()
    )


def notification_task_options() -> dict:
    """Celery options for the send tasks: their own queue when NOTIFICATION_QUEUE names one."""
    return {"queue": settings.NOTIFICATION_QUEUE} if settings.NOTIFICATION_QUEUE else {}


def notification_deliver(*, log_id: int) -> str:
    """Send a logged message unless it was already sent; returns its status.

    One statement claims the row and marks it sent (`_claim_for_sending`), and the row stays
    locked by it until the message has gone and the transaction commits, so two deliveries of
    one task cannot both send: the second waits, then finds it sent. When the channel fails,
    the claim is rolled back, the attempt and its error are recorded, and
    NotificationDeliveryError is raised.
    """
    try:
        with transaction.atomic():
            claimed = _claim_for_sending(log_id)
            if claimed is None:
                status = NotificationLog.objects.filter(pk=log_id).values_list("status", flat=True)
                return status.first() or "missing"
            _transport(claimed)
            return NotificationLog.Status.SENT
    except (SMSDeliveryError, OSError) as error:  # smtplib errors are OSErrors
        last_error = f"{type(error).__name__}: {error}"[:2000]
        NotificationLog.objects.filter(pk=log_id).exclude(
            status=NotificationLog.Status.SENT
        ).update(attempts=F("attempts") + 1, last_error=last_error)
        raise NotificationDeliveryError(last_error) from error


def _claim_for_sending(log_id: int) -> NotificationLog | None:
    """Mark the row sent (one more attempt, sent now) unless it already is, and return what is
    to be sent; None when it was sent before or does not exist. A single UPDATE ... RETURNING:
    the delivery's one round trip besides BEGIN and COMMIT (it was a SELECT ... FOR UPDATE and
    an UPDATE, the notification task's main cost after Celery's own)."""
    meta = NotificationLog._meta
    quote = connection.ops.quote_name
    column = {field.name: quote(str(field.column)) for field in meta.concrete_fields}
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {column['status']} = %s, "  # noqa: S608
            f"{column['attempts']} = {column['attempts']} + 1, {column['sent_at']} = %s "
            f"WHERE {column['id']} = %s AND {column['status']} <> %s "
            f"RETURNING {column['channel']}, {column['recipient']}, {column['subject']}, "
            f"{column['body']}",
            [NotificationLog.Status.SENT, timezone.now(), log_id, NotificationLog.Status.SENT],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    channel, recipient, subject, body = row
    return NotificationLog(
        pk=log_id, channel=channel, recipient=recipient, subject=subject, body=body
    )


def notification_mark_failed(*, log_id: int, error: str) -> None:
    """Give up on a message after its last retry; the row keeps the text and the error."""
    NotificationLog.objects.filter(pk=log_id).exclude(status=NotificationLog.Status.SENT).update(
        status=NotificationLog.Status.FAILED, last_error=error[:2000]
    )
    logger.warning("Notification %s failed for good: %s", log_id, error)


def _transport(log: NotificationLog) -> None:
    if log.channel == NotificationLog.Channel.SMS:
        sms_send(to=log.recipient, text=log.body)
    else:
        EmailMessage(subject=log.subject, body=log.body, to=[log.recipient]).send()
