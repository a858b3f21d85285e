"""Organisations of home-based workers applying to join the network, with their documents.

An application is reviewed by moderators: they ask for changes (the applicant edits it from
a private link and submits again) or approve it, which provisions the producer group (see
catalog.network.services). Documents are private: stored under documents/ (never a public
prefix) and shown only to reviewers.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models.groups import Country


class NetworkApplicationKind(models.TextChoices):
    UNION = "union", _("Union")
    COOPERATIVE = "cooperative", _("Cooperative")
    ASSOCIATION = "association", _("Association")
    FEDERATION = "federation", _("Federation")


class NetworkApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes asked for")
    APPROVED = "approved", _("Approved")


def _new_edit_token() -> str:
    return uuid.uuid4().hex


def document_path(_document, filename: str) -> str:
    """A random name under the private documents/ prefix: an applicant's file name (often
    the organisation's name) must not make the stored file's address guessable."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/network-applications/{uuid.uuid4().hex}.{extension[:5]}"


class NetworkApplication(models.Model):
    name = models.CharField(_("name of the organisation"), max_length=160)
    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=NetworkApplicationKind.choices
    )
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.PAKISTAN
    )
    province = models.CharField(_("province or state"), max_length=80)
    district = models.CharField(_("district"), max_length=80)
    member_count = models.PositiveIntegerField(
        _("number of members"), validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    crafts = models.ManyToManyField(
        "catalog.CraftCategory", verbose_name=_("crafts"), related_name="network_applications"
    )
    about = models.TextField(_("about the organisation"), max_length=2000, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_phone = models.CharField(_("contact phone"), max_length=32)  # E.164
    contact_email = models.EmailField(_("contact email"))
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NetworkApplicationStatus.choices,
        default=NetworkApplicationStatus.SUBMITTED,
    )
    changes_requested = models.TextField(_("changes asked for"), blank=True)
    # The applicant's private link (to edit and resubmit); never shown in a listing.
    edit_token = models.CharField(
        max_length=32, unique=True, default=_new_edit_token, editable=False
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set once, in the approval's transaction: a second approval finds them and stops.
    group_page = models.OneToOneField(
        "catalog.ProducerGroupPage",
        verbose_name=_("producer group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_application",
    )
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first staff login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("network application")
        verbose_name_plural = _("network applications")
        ordering = ["-created_at", "-pk"]
        permissions = [("review_networkapplication", _("Can review applications to join"))]

    def __str__(self) -> str:
        return self.name


class NetworkApplicationDocument(models.Model):
    """A registration certificate, constitution or member list sent with an application."""

    application = models.ForeignKey(
        NetworkApplication, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
