"""Queue and deliver notifications: one NotificationLog row per message, sent after commit.

The message is rendered when it is queued, inside the caller's transaction, so the row holds
exactly what will be sent; a rolled-back transaction leaves neither the row nor a task. The
unique dedupe key makes queuing idempotent, and delivery locks the row and skips it once sent,
so a redelivered task sends a message once.
"""

import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.utils import timezone, translation

from marketplace.models import NotificationLog
from marketplace.sms import SMSDeliveryError, sms_send

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("en", "ur")
TEMPLATE_BLOCKS = ("subject", "body", "sms")


class NotificationDeliveryError(Exception):
    """The channel refused or could not be reached; the send task retries."""


def language_supported(language: str | None) -> str:
    """'ur' or 'en' for any language code (ur-PK, en-gb, None...)."""
    code = (language or "").split("-")[0].lower()
    return code if code in SUPPORTED_LANGUAGES else settings.LANGUAGE_CODE


def notification_render(*, event: str, language: str, context: dict) -> dict[str, str]:
    """The subject, email body and SMS text of an event's template, in `language`.

    Plain text: nothing is HTML-escaped. A missing translation falls back to English.
    """
    try:
        template = get_template(f"notifications/{event}.{language}.txt").template
    except TemplateDoesNotExist:
        template = get_template(f"notifications/{event}.en.txt").template
    blocks = {node.name: node for node in template.nodelist.get_nodes_by_type(BlockNode)}
    rendered = {}
    with translation.override(language):
        render_context = Context(context, autoescape=False)
        with render_context.bind_template(template):
            for name in TEMPLATE_BLOCKS:
                rendered[name] = blocks[name].render(render_context).strip()
    return rendered


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
    language = language_supported(language)
    texts = notification_render(event=event, language=language, context=context)
    logs = []
    for channel, recipient, body in (
        (NotificationLog.Channel.EMAIL, email.strip(), texts["body"]),
        (NotificationLog.Channel.SMS, phone.strip(), texts["sms"]),
    ):
        if not recipient:
            continue
        recipient_hash = hashlib.sha256(recipient.lower().encode()).hexdigest()[:16]
        log, created = NotificationLog.objects.get_or_create(
            dedupe_key=f"{dedupe_key}:{channel}:{recipient_hash}"[:255],
            defaults={
                "event": event,
                "channel": channel,
                "recipient": recipient,
                "language": language,
                "subject": texts["subject"][:255],
                "body": body,
                "order_id": order_id,
                "sub_order_id": sub_order_id,
            },
        )
        if created:
            transaction.on_commit(lambda log_id=log.pk: notification_enqueue(log_id=log_id))
        logs.append(log)
    return logs


def notification_enqueue(*, log_id: int) -> None:
    """Hand one logged message to Celery (in-process when there is no broker)."""
    from marketplace.notifications.tasks import send_notification

    options = {"queue": settings.NOTIFICATION_QUEUE} if settings.NOTIFICATION_QUEUE else {}
    send_notification.apply_async(args=[log_id], **options)


def notification_deliver(*, log_id: int) -> str:
    """Send a logged message unless it was already sent; returns its status.

    The row stays locked while sending, so two deliveries of one task cannot both send.
    Raises NotificationDeliveryError (after recording the attempt) when the channel fails.
    """
    with transaction.atomic():
        log = NotificationLog.objects.select_for_update().filter(pk=log_id).first()
        if log is None:
            return "missing"
        if log.status == NotificationLog.Status.SENT:
            return log.status
        log.attempts += 1
        try:
            _transport(log)
        except (SMSDeliveryError, OSError) as error:  # smtplib errors are OSErrors
            log.last_error = f"{type(error).__name__}: {error}"[:2000]
            log.save(update_fields=["attempts", "last_error"])
            failure = error
        else:
            log.status = NotificationLog.Status.SENT
            log.sent_at = timezone.now()
            log.save(update_fields=["attempts", "status", "sent_at"])
            return log.status
    raise NotificationDeliveryError(log.last_error) from failure


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
