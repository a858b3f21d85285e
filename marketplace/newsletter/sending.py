"""Sending an issue: one row per recipient, claimed one at a time by a conditional UPDATE.

`newsletter_send_start` writes the send and all its rows in one transaction (a second start of
the same issue is refused by the database), then queues the first batch after commit. Each
batch claims a row (pending -> sending) before its email goes out and records the outcome right
after, so a worker killed mid-send leaves at most the one row it was on in "sending": the next
batch marks that row failed once NEWSLETTER_STALE_SENDING_SECONDS have passed (it may have gone
out; sending it again could mean twice) and carries on with the pending rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.newsletter.models import (
    DeliveryStatus,
    NewsletterDelivery,
    NewsletterIssuePage,
    NewsletterSend,
    NewsletterSubscriber,
    SubscriberStatus,
)
from marketplace.newsletter.tokens import unsubscribe_token
from marketplace.site_url import site_url
from marketplace.translations import live_translation

INTERRUPTED = "Interrupted while sending; not sent again, so that nobody gets it twice."


class NewsletterError(Exception):
    pass


def newsletter_send_start(*, issue: NewsletterIssuePage, by) -> NewsletterSend:
    """Start sending `issue` to every confirmed subscriber (once per issue)."""
    from marketplace.newsletter.tasks import newsletter_task_queue, send_newsletter_batch

    if not issue.live:
        raise NewsletterError(_("Publish the issue before sending it."))
    try:
        with transaction.atomic():
            send = NewsletterSend.objects.create(issue=issue, started_by=by)
            subscribers = NewsletterSubscriber.objects.filter(
                status=SubscriberStatus.CONFIRMED
            ).values_list("pk", flat=True)
            NewsletterDelivery.objects.bulk_create(
                (NewsletterDelivery(send=send, subscriber_id=pk) for pk in subscribers.iterator()),
                batch_size=1000,
            )
            newsletter_task_queue(send_newsletter_batch, send.pk, after_commit=True)
    except IntegrityError:
        raise NewsletterError(_("This issue has already been sent.")) from None
    return send


def _email_for(
    issue: NewsletterIssuePage, subscriber: NewsletterSubscriber
) -> EmailMultiAlternatives:
    shown = live_translation(issue, subscriber.language) or issue
    unsubscribe = site_url() + reverse(
        "newsletter_unsubscribe", kwargs={"token": unsubscribe_token(subscriber.pk)}
    )
    with translation.override(subscriber.language):
        context = {"issue": shown, "issue_url": shown.full_url, "unsubscribe_url": unsubscribe}
        message = EmailMultiAlternatives(
            subject=shown.title,
            body=render_to_string("newsletter/issue_email.txt", context),
            to=[subscriber.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("newsletter/issue_email.html", context), "text/html"
        )
    return message


@dataclass(frozen=True)
class BatchResult:
    sent: int
    failed: int
    remaining: int


def _stale_rows_fail(send_id: int) -> int:
    stale_before = timezone.now() - datetime.timedelta(
        seconds=settings.NEWSLETTER_STALE_SENDING_SECONDS
    )
    return NewsletterDelivery.objects.filter(
        send_id=send_id, status=DeliveryStatus.SENDING, claimed_at__lt=stale_before
    ).update(status=DeliveryStatus.FAILED, error=INTERRUPTED)


def newsletter_send_batch(*, send_id: int) -> BatchResult:
    """Send up to NEWSLETTER_BATCH_SIZE of the send's waiting emails; safe to run twice, or in
    several workers at once (a row goes to whoever claims it first)."""
    send = NewsletterSend.objects.select_related("issue").get(pk=send_id)
    issue = send.issue
    failed = _stale_rows_fail(send_id)
    sent = 0
    waiting = list(
        NewsletterDelivery.objects.filter(send_id=send_id, status=DeliveryStatus.PENDING)
        .select_related("subscriber")
        .order_by("pk")[: settings.NEWSLETTER_BATCH_SIZE]
    )
    for delivery in waiting:
        claimed = NewsletterDelivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.PENDING
        ).update(status=DeliveryStatus.SENDING, claimed_at=timezone.now())
        if not claimed:
            continue  # another worker has it, or the subscriber left
        try:
            _email_for(issue, delivery.subscriber).send()
        except Exception as error:  # any transport failure is this recipient's failure
            NewsletterDelivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.FAILED, error=f"{type(error).__name__}: {error}"[:500]
            )
            failed += 1
        else:
            NewsletterDelivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now()
            )
            sent += 1
    open_rows = NewsletterDelivery.objects.filter(
        send_id=send_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    )
    remaining = open_rows.filter(status=DeliveryStatus.PENDING).count()
    if not open_rows.exists():
        NewsletterSend.objects.filter(pk=send_id, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
    return BatchResult(sent=sent, failed=failed, remaining=remaining)


def unfinished_send_ids() -> list[int]:
    return list(
        NewsletterSend.objects.filter(finished_at__isnull=True).values_list("pk", flat=True)
    )


def sends_with_progress() -> QuerySet[NewsletterSend]:
    """Every send with its counts, for the admin's progress listing."""
    return NewsletterSend.objects.select_related("issue", "started_by").annotate(
        recipients=Count("deliveries"),
        sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        waiting=Count(
            "deliveries",
            filter=Q(deliveries__status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
        ),
    )
