"""Signing up (double opt-in), confirming and unsubscribing.

Signing up never tells whether an address is already on the list (the answer is the same
"check your email"); a confirmation is sent again at most once per CONFIRMATION_RESEND_SECONDS.
"""

from __future__ import annotations

import datetime

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from marketplace.newsletter.models import NewsletterSubscriber, SubscriberStatus
from marketplace.newsletter.tokens import confirm_token
from marketplace.site_url import site_url

CONFIRMATION_RESEND_SECONDS = 10 * 60


def newsletter_subscribe(*, email: str, language: str) -> None:
    """Record a sign-up and, after commit, send its confirmation link."""
    from marketplace.newsletter.tasks import newsletter_task_queue, send_newsletter_confirmation

    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        subscriber, _created = NewsletterSubscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language}
        )
        if subscriber.status == SubscriberStatus.CONFIRMED:
            return  # already on the list: nothing to confirm, and nothing said about it
        resend_after = now - datetime.timedelta(seconds=CONFIRMATION_RESEND_SECONDS)
        if subscriber.confirmation_sent_at and subscriber.confirmation_sent_at > resend_after:
            return
        subscriber.status = SubscriberStatus.PENDING
        subscriber.language = language
        subscriber.confirmation_sent_at = now
        subscriber.save(update_fields=["status", "language", "confirmation_sent_at"])
        newsletter_task_queue(send_newsletter_confirmation, subscriber.pk, after_commit=True)


def confirmation_email_send(*, subscriber_id: int) -> bool:
    subscriber = NewsletterSubscriber.objects.filter(
        pk=subscriber_id, status=SubscriberStatus.PENDING
    ).first()
    if subscriber is None:
        return False
    link = site_url() + reverse(
        "newsletter_confirm", kwargs={"token": confirm_token(subscriber.pk)}
    )
    with translation.override(subscriber.language):
        context = {"link": link}
        message = EmailMultiAlternatives(
            subject=render_to_string("newsletter/confirm_subject.txt", context).strip(),
            body=render_to_string("newsletter/confirm_email.txt", context),
            to=[subscriber.email],
        )
    message.send()
    return True


def newsletter_confirm(*, subscriber_id: int) -> bool:
    """Confirm a pending sign-up (a second click changes nothing). False: no such sign-up."""
    updated = NewsletterSubscriber.objects.filter(
        pk=subscriber_id, status=SubscriberStatus.PENDING
    ).update(status=SubscriberStatus.CONFIRMED, confirmed_at=timezone.now())
    return (
        bool(updated)
        or NewsletterSubscriber.objects.filter(
            pk=subscriber_id, status=SubscriberStatus.CONFIRMED
        ).exists()
    )


def newsletter_unsubscribe(*, subscriber_id: int) -> bool:
    """Take the address off the list; unsent deliveries of a running send are dropped."""
    from marketplace.newsletter.models import DeliveryStatus, NewsletterDelivery

    with transaction.atomic():
        updated = (
            NewsletterSubscriber.objects.filter(pk=subscriber_id)
            .exclude(status=SubscriberStatus.UNSUBSCRIBED)
            .update(status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now())
        )
        NewsletterDelivery.objects.filter(
            subscriber_id=subscriber_id, status=DeliveryStatus.PENDING
        ).delete()
    return bool(updated) or NewsletterSubscriber.objects.filter(pk=subscriber_id).exists()
