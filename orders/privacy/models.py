"""Requests from buyers for their personal data, and the audit of what was exported or erased.

The audit names the staff member, the time, the kind of subject and counts of what changed,
never the person: an erasure must not leave a copy of what it erased.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    ARTISAN = "artisan", _("Artisan")


class PersonalDataRequest(models.Model):
    """A buyer asks, from their account page, for a copy of their data or for its erasure."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("A copy of my data")
        ERASE = "erase", _("Erase my data")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        DONE = "done", _("Done")

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_data_requests"
    )
    kind = models.CharField(_("request"), max_length=8, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "kind"],
                condition=models.Q(status="open"),
                name="one_open_personal_data_request_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class PersonalDataAction(models.Model):
    """One export or erasure: who, when, what kind of subject, counts. No personal data."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased")

    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    subject_kind = models.CharField(_("whose data"), max_length=8, choices=SubjectKind.choices)
    # Internal ids only (an account id, an artisan page id, order numbers): never a name,
    # phone, email or address.
    account_id = models.BigIntegerField(_("account id"), null=True, blank=True)
    artisan_page_id = models.BigIntegerField(_("artisan page id"), null=True, blank=True)
    order_numbers = models.JSONField(_("orders"), default=list, blank=True)
    counts = models.JSONField(_("what changed"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal data action")
        verbose_name_plural = _("personal data actions")

    def __str__(self):
        return f"{self.get_action_display()} {self.get_subject_kind_display()} #{self.pk}"
