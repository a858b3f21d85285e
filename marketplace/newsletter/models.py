"""Newsletter data: subscribers, issues (pages), and each send with one row per recipient.

A recipient's row moves pending -> sending -> sent | failed, each step a conditional UPDATE,
and (send, subscriber) is unique, so however many workers run a send and however often it is
resumed, each subscriber is sent an issue at most once. A row a lost worker left "sending" is
marked failed, never sent again: it may already have gone out.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from marketplace.serving import public
from marketplace.translations import TranslatedPageMixin

SEND_NEWSLETTER_PERMISSION = "marketplace.send_newsletter"


class NewsletterIndexPage(TranslatedPageMixin, Page):
    """The newsletter's page: what it is, the sign-up link and the past issues."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["marketplace.HomePage"]
    subpage_types = ["marketplace.NewsletterIssuePage"]
    max_count = 1

    class Meta:
        verbose_name = _("newsletter index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["issues"] = public(NewsletterIssuePage.objects.child_of(self).live()).order_by(
            "-first_published_at"
        )
        return context


class NewsletterIssuePage(TranslatedPageMixin, Page):
    """One issue, written and published like any page, then sent from the admin."""

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    body = RichTextField(_("body"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["marketplace.NewsletterIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class NewsletterSubscriber(models.Model):
    email = models.EmailField(_("email"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")

    def __str__(self):
        return self.email


class NewsletterSend(models.Model):
    """Sending one issue to every confirmed subscriber: at most one per issue."""

    issue = models.OneToOneField(
        NewsletterIssuePage,
        verbose_name=_("issue"),
        on_delete=models.PROTECT,
        related_name="newsletter_send",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("newsletter send")
        verbose_name_plural = _("newsletter sends")
        permissions = [("send_newsletter", _("Can send the newsletter"))]

    def __str__(self):
        return str(self.issue)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NewsletterDelivery(models.Model):
    send = models.ForeignKey(NewsletterSend, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        NewsletterSubscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("newsletter recipient")
        verbose_name_plural = _("newsletter recipients")
        constraints = [
            models.UniqueConstraint(fields=["send", "subscriber"], name="newsletter_sent_once")
        ]
        indexes = [models.Index(fields=["send", "status"], name="newsletter_delivery_status")]

    def __str__(self):
        return f"{self.send_id} → {self.subscriber_id} ({self.status})"
