"""Writes for applications to join the network: submit, resubmit, ask for changes, approve.

Approval provisions everything in one transaction: the producer group page (published: the
moderator's approval is its moderation; its commercial terms start *pending verification*, so
nothing is paid out until finance verifies it), its staff group, collection and permissions
(catalog.services.producer_group_provision), and a first staff login with no usable password
and a set-password link. Approving twice provisions once (the application row is locked and
its status checked).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog.models import (
    CraftCategory,
    NetworkApplication,
    NetworkApplicationDocument,
    NetworkApplicationStatus,
    ProducerGroupIndexPage,
    ProducerGroupPage,
)
from catalog.network import notifications
from catalog.services import producer_group_provision, producer_group_staff_add
from marketplace.translations import default_locale_id
from marketplace.users import AnyUser, User

REVIEW_PERMISSION = notifications.REVIEW_PERMISSION


class NetworkApplicationError(Exception):
    """A step the application's status does not allow; the message is for the user."""


@dataclass(frozen=True)
class ApplicationDetails:
    name: str
    kind: str
    province: str
    district: str
    member_count: int
    contact_name: str
    contact_phone: str  # E.164
    contact_email: str
    country: str = "PK"
    about: str = ""


@dataclass(frozen=True)
class Document:
    """An upload already checked by catalog.network.uploads.document_checked."""

    file: UploadedFile
    content_type: str


def reviews_applications(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(REVIEW_PERMISSION))


def _documents_add(application: NetworkApplication, documents: Sequence[Document]) -> None:
    for document in documents:
        NetworkApplicationDocument.objects.create(
            application=application,
            file=document.file,
            original_name=(document.file.name or "")[:200],
            content_type=document.content_type,
            size=document.file.size or 0,
        )


def _round(application: NetworkApplication) -> int:
    """Which submission this is (1, 2...), so each round's messages have their own key."""
    return int(application.submitted_at.timestamp()) if application.submitted_at else 0


@transaction.atomic
def network_application_submit(
    *,
    details: ApplicationDetails,
    crafts: Sequence[CraftCategory],
    documents: Sequence[Document],
    language: str,
) -> NetworkApplication:
    application = NetworkApplication.objects.create(
        **vars(details), language=language, submitted_at=timezone.now()
    )
    application.crafts.set(crafts)
    _documents_add(application, documents)
    notifications.application_submitted_notify(
        application=application, round_number=_round(application)
    )
    return application


@transaction.atomic
def network_application_resubmit(
    *,
    edit_token: str,
    details: ApplicationDetails,
    crafts: Sequence[CraftCategory],
    documents: Sequence[Document],
) -> NetworkApplication:
    """The applicant's corrections, from their private link: only while changes are asked for."""
    application = NetworkApplication.objects.select_for_update().get(edit_token=edit_token)
    if application.status != NetworkApplicationStatus.CHANGES_REQUESTED:
        raise NetworkApplicationError(_("This application cannot be changed now."))
    for field, value in vars(details).items():
        setattr(application, field, value)
    application.status = NetworkApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    application.crafts.set(crafts)
    _documents_add(application, documents)
    notifications.application_submitted_notify(
        application=application, round_number=_round(application)
    )
    return application


@transaction.atomic
def network_application_request_changes(
    *, application_id: int, user: User, message: str
) -> NetworkApplication:
    if not reviews_applications(user):
        raise PermissionDenied
    application = NetworkApplication.objects.select_for_update().get(pk=application_id)
    if application.status != NetworkApplicationStatus.SUBMITTED:
        raise NetworkApplicationError(_("Only an application waiting for review can be sent back."))
    if not message.strip():
        raise NetworkApplicationError(_("Say what needs to change."))
    application.status = NetworkApplicationStatus.CHANGES_REQUESTED
    application.changes_requested = message.strip()
    application.decided_at, application.decided_by = timezone.now(), user
    application.save(update_fields=["status", "changes_requested", "decided_at", "decided_by"])
    notifications.application_changes_notify(
        application=application,
        edit_path=reverse("network_application_edit", args=[application.edit_token]),
        round_number=_round(application),
    )
    return application


def _unique_slug(parent, name: str) -> str:
    base = slugify(name)[:70] or "producer-group"
    slug, number = base, 1
    while parent.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _unique_username(slug: str) -> str:
    user_model = get_user_model()
    base = f"{slug}-staff"[:140]
    username, number = base, 1
    while user_model.objects.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


def set_password_path(user: User) -> str:
    """Wagtail's admin set-password link for `user` (valid once, for PASSWORD_RESET_TIMEOUT)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("wagtailadmin_password_reset_confirm", args=[uidb64, token])


def network_application_approve(*, application_id: int, user: User) -> NetworkApplication:
    """Approve and provision, once. Returns the application with its group and staff user."""
    if not reviews_applications(user):
        raise PermissionDenied
    with transaction.atomic():
        application = NetworkApplication.objects.select_for_update().get(pk=application_id)
        if application.status == NetworkApplicationStatus.APPROVED:
            return application  # approved already (a second click, another moderator)
        if application.status != NetworkApplicationStatus.SUBMITTED:
            raise NetworkApplicationError(
                _("The applicant is making changes; approve it once they send it again.")
            )
        producers = ProducerGroupIndexPage.objects.get(locale_id=default_locale_id())
        group_page = producers.add_child(
            instance=ProducerGroupPage(
                title=application.name,
                slug=_unique_slug(producers, application.name),
                kind=application.kind,
                country=application.country,
                province=application.province,
                district=application.district,
                member_count=application.member_count,
                contact_name=application.contact_name,
                contact_phone=application.contact_phone,
                contact_email=application.contact_email,
                owner=user,
            )
        )
        group_page.save_revision(user=user, log_action=True).publish(user=user)
        group_page = producer_group_provision(group_page=group_page)

        first_name, _space, last_name = application.contact_name.partition(" ")
        # No password: the contact sets one from the link (create_user makes it unusable).
        staff = get_user_model().objects.create_user(
            username=_unique_username(group_page.slug),
            email=application.contact_email,
            first_name=first_name[:150],
            last_name=last_name[:150],
        )
        producer_group_staff_add(group_page=group_page, user=staff)

        application.status = NetworkApplicationStatus.APPROVED
        application.group_page, application.staff_user = group_page, staff
        application.decided_at, application.decided_by = timezone.now(), user
        application.save(
            update_fields=["status", "group_page", "staff_user", "decided_at", "decided_by"]
        )
        notifications.application_approved_notify(
            application=application,
            username=staff.username,
            set_password_path=set_password_path(staff),
        )
    return application
