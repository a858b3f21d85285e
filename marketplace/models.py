"""Site-wide pages."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from marketplace.home import home_context
from marketplace.translations import TranslatedPageMixin, route_in_source_tree


class HomePage(TranslatedPageMixin, Page):
    """The front door: featured products, producer groups, and the next mela."""

    hero_heading = models.CharField(_("hero heading"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), max_length=400, blank=True)

    content_panels = Page.content_panels + [FieldPanel("hero_heading"), FieldPanel("hero_text")]
    subpage_types = [
        "catalog.ProducerGroupIndexPage",
        "events.MelaIndexPage",
        "marketplace.ResourceIndexPage",
        "marketplace.NewsletterIndexPage",
        "events.WorkshopIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        # Every language's pages are found through the English tree (marketplace.translations).
        return route_in_source_tree(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(request))  # what the apps registered (marketplace.home)
        return context


class NotificationLog(models.Model):
    """One message to one recipient on one channel: what was sent, when, and what went wrong.

    The row is written (with its rendered text) in the transaction that caused it, and the
    send task only delivers what the row holds; `dedupe_key` is unique, so queuing the same
    message twice, or a redelivered task, sends it once.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    dedupe_key = models.CharField(_("dedupe key"), max_length=255, unique=True)
    event = models.CharField(_("event"), max_length=64)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    order_id = models.BigIntegerField(_("order id"), null=True, blank=True, db_index=True)
    sub_order_id = models.BigIntegerField(_("sub-order id"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.event} → {self.recipient} ({self.get_channel_display()})"


class ExportJob(models.Model):
    """A large CSV export run by a Celery task (marketplace.exports): who asked, with which
    filters, how far it has got, and the file once done. Only its requester may download it.

    `attempt` counts the runs: a run writes progress only while the attempt is its own, so a
    restarted export (after a killed worker) and a late duplicate never mix their counts.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    export_name = models.CharField(_("export"), max_length=64)
    params = models.JSONField(_("filters"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempt = models.PositiveIntegerField(default=0, editable=False)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="exports/", max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # Moves with every progress write: a running export whose heartbeat stops was killed.
    heartbeat_at = models.DateTimeField(_("last progress"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return f"{self.export_name} #{self.pk}"

    @property
    def percent_done(self) -> int:
        if not self.rows_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.rows_done * 100 // self.rows_total)


# Models kept in their own modules, registered with the app here.
from marketplace.newsletter.models import (  # noqa: E402
    NewsletterDelivery,
    NewsletterIndexPage,
    NewsletterIssuePage,
    NewsletterSend,
    NewsletterSubscriber,
)
from marketplace.resources import ResourceFile, ResourceIndexPage, ResourcePage  # noqa: E402

__all__ = [
    "ExportJob",
    "HomePage",
    "NewsletterDelivery",
    "NewsletterIndexPage",
    "NewsletterIssuePage",
    "NewsletterSend",
    "NewsletterSubscriber",
    "NotificationLog",
    "ResourceFile",
    "ResourceIndexPage",
    "ResourcePage",
]
