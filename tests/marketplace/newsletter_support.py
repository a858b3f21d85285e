"""An issue under a newsletter page, and confirmed subscribers, for the newsletter tests."""

from django.utils import timezone

from marketplace.newsletter.models import (
    NewsletterIndexPage,
    NewsletterIssuePage,
    NewsletterSubscriber,
    SubscriberStatus,
)


def make_issue(home, title: str = "Spring mela news") -> NewsletterIssuePage:
    index = NewsletterIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=NewsletterIndexPage(title="Newsletter", slug="newsletter"))
        index.save_revision().publish()
    issue = index.add_child(
        instance=NewsletterIssuePage(
            title=title,
            summary="Three melas this spring.",
            body="<p>Lahore, Multan, Hyderabad.</p>",
        )
    )
    issue.save_revision().publish()
    return issue


def make_subscribers(count: int, *, language: str = "en") -> list[NewsletterSubscriber]:
    return NewsletterSubscriber.objects.bulk_create(
        NewsletterSubscriber(
            email=f"reader{index}@example.org",
            language=language,
            status=SubscriberStatus.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        for index in range(count)
    )
