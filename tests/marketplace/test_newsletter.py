"""Newsletter: double opt-in, one-link unsubscribe, batched sends that count sends and failures
and never send anyone the same issue twice (also when resumed after a lost worker)."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.newsletter.models import (
    DeliveryStatus,
    NewsletterDelivery,
    NewsletterSend,
    NewsletterSubscriber,
    SubscriberStatus,
)
from marketplace.newsletter.sending import (
    INTERRUPTED,
    NewsletterError,
    newsletter_send_batch,
    newsletter_send_start,
    sends_with_progress,
)
from marketplace.newsletter.tokens import unsubscribe_token
from tests.factories import UserFactory
from tests.marketplace.newsletter_support import make_issue, make_subscribers

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what the code queues after commit (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def link_in(message) -> str:
    return re.search(r"http://\S+", message.body).group(0).removeprefix("http://127.0.0.1:8000")


def test_sign_up_is_confirmed_by_the_emailed_link(client, site_tree, committed):
    with committed():
        response = client.post("/newsletter-subscription/", {"email": " Sara@Example.org "})
    assert response.status_code == 200 and b"check-email" in response.content
    subscriber = NewsletterSubscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("sara@example.org", SubscriberStatus.PENDING)
    (message,) = mail.outbox
    confirm = link_in(message)
    assert client.get(confirm).status_code == 200
    assert client.get(confirm).status_code == 200  # a second click is harmless (never cached)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_urdu_sign_up_gets_an_urdu_confirmation(client, site_tree, committed):
    with committed():
        client.post("/ur/newsletter-subscription/", {"email": "ayesha@example.org"})
    assert NewsletterSubscriber.objects.get().language == "ur"
    assert re.search(r"[\u0600-\u06ff]", mail.outbox[0].subject)


def test_signing_up_again_says_nothing_about_the_address(client, site_tree):
    make_subscribers(1)
    response = client.post("/newsletter-subscription/", {"email": "reader0@example.org"})
    assert b"check-email" in response.content
    assert mail.outbox == []  # already confirmed: nothing sent, nothing revealed


def test_a_forged_or_altered_link_does_nothing(client, site_tree, committed):
    with committed():
        client.post("/newsletter-subscription/", {"email": "sara@example.org"})
    confirm = link_in(mail.outbox[0])
    assert client.get(confirm[:-3] + "xyz/").status_code == 400
    assert NewsletterSubscriber.objects.get().status == SubscriberStatus.PENDING


def test_one_link_unsubscribes_without_a_login(client, site_tree, committed):
    (reader,) = make_subscribers(1)
    issue = make_issue(site_tree[0])
    with committed():
        newsletter_send_start(issue=issue, by=None)
    message = mail.outbox[0]
    unsubscribe = re.search(r"/newsletter-subscription/unsubscribe/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert client.get(unsubscribe).status_code == 200
    reader.refresh_from_db()
    assert reader.status == SubscriberStatus.UNSUBSCRIBED
    # Mail programs' one-click unsubscribe posts to the same link.
    token = unsubscribe_token(reader.pk)
    assert client.post(f"/newsletter-subscription/unsubscribe/{token}/").status_code == 200


def test_an_issue_goes_to_every_confirmed_subscriber_in_batches(settings, site_tree, committed):
    settings.NEWSLETTER_BATCH_SIZE = 4
    make_subscribers(10)
    NewsletterSubscriber.objects.create(email="pending@example.org", language="en")
    issue = make_issue(site_tree[0])
    with committed():
        send = newsletter_send_start(issue=issue, by=None)  # eager: batch after batch
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"reader{i}@example.org" for i in range(10)
    )
    progress = sends_with_progress().get(pk=send.pk)
    assert (progress.recipients, progress.sent, progress.failed, progress.waiting) == (10, 10, 0, 0)
    assert progress.finished_at is not None
    with pytest.raises(NewsletterError):
        newsletter_send_start(issue=issue, by=None)
    assert len(mail.outbox) == 10


def test_failed_emails_are_counted_and_not_retried(settings, site_tree, committed):
    settings.EMAIL_BACKEND = "tests.marketplace.failing_email_backend.FailForSomeBackend"
    make_subscribers(5)
    issue = make_issue(site_tree[0])
    with committed():
        send = newsletter_send_start(issue=issue, by=None)
    progress = sends_with_progress().get(pk=send.pk)
    assert (progress.sent, progress.failed, progress.waiting) == (3, 2, 0)
    failed = NewsletterDelivery.objects.filter(status=DeliveryStatus.FAILED)
    assert all("SMTPRecipientsRefused" in row.error for row in failed)


def test_a_resumed_send_skips_the_row_a_lost_worker_was_on(settings, site_tree):
    """Given a send a worker died in: one row left 'sending' (its email may have gone out),
    two sent, the rest pending. Resuming sends only the pending rows and marks the lost one
    failed once it is stale."""
    readers = make_subscribers(6)
    issue = make_issue(site_tree[0])
    send = NewsletterSend.objects.create(issue=issue)
    rows = NewsletterDelivery.objects.bulk_create(
        NewsletterDelivery(send=send, subscriber=reader) for reader in readers
    )
    NewsletterDelivery.objects.filter(pk__in=[rows[0].pk, rows[1].pk]).update(
        status=DeliveryStatus.SENT
    )
    NewsletterDelivery.objects.filter(pk=rows[2].pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now()
    )
    first = newsletter_send_batch(send_id=send.pk)  # too early to call the row lost
    assert (first.sent, first.failed, first.remaining) == (3, 0, 0)
    send.refresh_from_db()
    assert send.finished_at is None  # one row still in the air

    NewsletterDelivery.objects.filter(pk=rows[2].pk).update(
        claimed_at=timezone.now() - datetime.timedelta(seconds=601)
    )
    second = newsletter_send_batch(send_id=send.pk)
    assert (second.sent, second.failed) == (0, 1)
    assert NewsletterDelivery.objects.get(pk=rows[2].pk).error == INTERRUPTED
    assert sorted(m.to[0] for m in mail.outbox) == [r.email for r in readers[3:]]
    send.refresh_from_db()
    assert send.finished_at is not None


def test_a_batch_costs_a_fixed_number_of_queries_per_recipient(settings, site_tree):
    issue = make_issue(site_tree[0])
    readers = make_subscribers(20)  # more than the three batches take: none finishes the send
    send = NewsletterSend.objects.create(issue=issue)
    NewsletterDelivery.objects.bulk_create(
        NewsletterDelivery(send=send, subscriber=reader) for reader in readers
    )

    def queries_for(batch: int) -> int:
        settings.NEWSLETTER_BATCH_SIZE = batch
        with CaptureQueriesContext(connection) as captured:
            newsletter_send_batch(send_id=send.pk)
        return len(captured)

    queries_for(1)  # warms the per-process caches (locales)
    small, large = queries_for(2), queries_for(10)
    assert (large - small) == 8 * 2  # a claim and an outcome per email, nothing else


def test_the_send_screens_are_for_newsletter_staff_only(client, site_tree, committed):
    issue = make_issue(site_tree[0])
    editor = UserFactory(username="editor", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/newsletter/sends/").status_code in (302, 403)
    assert client.post(f"/admin/newsletter/issues/{issue.pk}/send/").status_code in (302, 403)
    assert not NewsletterSend.objects.exists()

    admin = UserFactory(username="chief", is_superuser=True, is_staff=True)
    make_subscribers(2)
    client.force_login(admin)
    with committed():
        client.post(f"/admin/newsletter/issues/{issue.pk}/send/")
    page = client.get("/admin/newsletter/sends/")
    assert page.status_code == 200
    assert "Spring mela news" in page.content.decode()
    assert len(mail.outbox) == 2
