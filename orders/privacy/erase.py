"""Erasure on request: one buyer's or one artisan's personal data, irreversibly, in one
transaction, with an audit row that holds no personal data.

Orders, sub-orders, lines, payments, refunds and ledger entries are kept with their amounts
and statuses (the books still balance); only the personal fields the registry lists are
replaced by a fixed value. Running it again changes nothing and records nothing.
"""

from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageLogEntry, Revision
from wagtail.search import index

from catalog.models import ArtisanConsent, ArtisanPage
from marketplace.models import NotificationLog
from orders.models import Order, SavedAddress
from orders.privacy.models import PersonalDataAction, PersonalDataRequest, SubjectKind
from orders.privacy.registry import fields_of
from orders.privacy.subjects import BuyerSubject

# The one value an erased name becomes; every other erased text field becomes empty.
ERASED = "[erased]"
ERASED_ARTISAN_NAME = "Erased artisan"


@dataclass
class ErasureResult:
    counts: dict[str, int]
    record: PersonalDataAction | None  # None: there was nothing left to erase

    @property
    def changed(self) -> bool:
        return self.record is not None


def _erased_order_values() -> dict[str, str]:
    values = {name: "" for name in fields_of("orders.Order") if name not in _ORDER_TOKENS}
    values["contact_name"] = ERASED
    return values


_ORDER_TOKENS = {"access_token", "checkout_token"}


def _mask_notifications(*, order_ids: list[int], contacts: set[str]) -> int:
    lowered = {value.lower() for value in contacts}
    logs = NotificationLog.objects.select_for_update().filter(order_id__in=order_ids)
    masked = 0
    for log in logs:
        if log.body == ERASED and log.recipient.lower() not in lowered:
            continue  # masked before
        # The buyer's own messages (the group's copies name the buyer too: their text goes).
        if log.recipient.lower() in lowered:
            log.recipient = ERASED
            log.dedupe_key = f"erased:{log.pk}"
        log.subject = ERASED if log.subject else ""
        log.body = ERASED
        log.last_error = _without(log.last_error, contacts)
        log.save(update_fields=["recipient", "dedupe_key", "subject", "body", "last_error"])
        masked += 1
    return masked


def _without(text: str, values) -> str:
    """`text` with every value replaced, longest first: "Shagufta Durrani" must go whole
    before "Shagufta" (a set's order changes from run to run, leaving "[erased] Durrani")."""
    for value in sorted(values, key=len, reverse=True):
        if value:
            text = text.replace(value, ERASED)
    return text


def _account_deidentify(account) -> dict[str, int]:

    counts = {"accounts": 0, "sessions": 0, "login_records": 0}
    names = {account.username, account.email} - {""}
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        counts["login_records"] += model.objects.filter(username__in=names).delete()[0]
    sessions = [
        session.pk
        for session in Session.objects.all()
        if str(session.get_decoded().get("_auth_user_id")) == str(account.pk)
    ]
    counts["sessions"] = Session.objects.filter(pk__in=sessions).delete()[0]
    erased_username = f"erased-{account.pk}"
    if account.username != erased_username or account.is_active or account.email:
        account.username = erased_username
        account.first_name = ""
        account.last_name = ""
        account.email = ""
        account.is_active = False
        account.set_unusable_password()
        account.save()
        counts["accounts"] = 1
    profile = getattr(account, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        profile.avatar.delete(save=True)
    return counts


class ErasureRefused(Exception):
    """Platform staff accounts are not erased this way (remove their access first)."""


def buyer_erase(*, subject: BuyerSubject, actor) -> ErasureResult:
    """Anonymise the buyer's orders, delete their saved addresses, de-identify their account."""
    if subject.account is not None and (subject.account.is_superuser or subject.account.is_staff):
        raise ErasureRefused
    contacts = subject.contacts()
    with transaction.atomic():
        orders = list(
            Order.objects.select_for_update().filter(pk__in=subject.order_ids).order_by("pk")
        )
        values = _erased_order_values()
        changed_orders = [
            order
            for order in orders
            if order.buyer_id is not None
            or any(getattr(order, name) != value for name, value in values.items())
        ]
        for order in changed_orders:
            for name, value in values.items():
                setattr(order, name, value)
            order.buyer = None
            order.save(update_fields=[*values, "buyer", "updated_at"])
        counts: dict[str, Any] = {
            "orders": len(changed_orders),
            "notifications": _mask_notifications(order_ids=subject.order_ids, contacts=contacts),
            "saved_addresses": 0,
        }
        account = subject.account
        if account is not None:
            counts["saved_addresses"] = SavedAddress.objects.filter(buyer=account).delete()[0]
            counts.update(_account_deidentify(account))
            PersonalDataRequest.objects.filter(
                buyer=account, status=PersonalDataRequest.Status.OPEN
            ).update(status=PersonalDataRequest.Status.DONE, handled_by=actor, handled_at=_now())
        if not any(counts.values()):
            return ErasureResult(counts=counts, record=None)
        record = PersonalDataAction.objects.create(
            action=PersonalDataAction.Action.ERASE,
            subject_kind=SubjectKind.BUYER,
            account_id=account.pk if account is not None else None,
            order_numbers=[order.number for order in orders],
            counts=counts,
            actor=actor,
        )
    return ErasureResult(counts=counts, record=record)


def _now():

    return timezone.now()


def _scrub(value: Any, secrets: set[str]) -> Any:
    """`value` (JSON data of a log entry) with every secret string replaced."""
    if isinstance(value, str):
        return _without(value, secrets)
    if isinstance(value, list):
        return [_scrub(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, secrets) for key, item in value.items()}
    return value


def artisan_erase(*, artisan: ArtisanPage, actor) -> ErasureResult:
    """Her name, biography and photo go; her page stays (as "An artisan") so products that
    credit her still count her, and its history no longer holds her name."""
    with transaction.atomic():
        artisan = ArtisanPage.objects.select_for_update().get(pk=artisan.pk)
        if (
            artisan.full_name == ERASED_ARTISAN_NAME
            and not artisan.bio
            and artisan.photo_id is None
            and artisan.consent == ArtisanConsent.NOT_SHOWN
        ):
            return ErasureResult(counts={}, record=None)
        secrets = {
            artisan.full_name,
            artisan.first_name,
            artisan.title,
            artisan.slug,
            artisan.url_path,
            artisan.bio,
        } - {""}
        # Names she had in earlier revisions are in the log entries' labels and data too.
        for content in Revision.page_revisions.filter(object_id=str(artisan.pk)).values_list(
            "content", flat=True
        ):
            secrets |= {str(content.get(key) or "") for key in ("full_name", "title", "slug")}
        # Each word of a name on its own as well ("Durrani" from a title written differently).
        secrets |= {word for name in (artisan.full_name, artisan.title) for word in name.split()}
        secrets = {value for value in secrets if len(value) > 2}
        photo = artisan.photo
        was_live = artisan.live
        artisan.full_name = ERASED_ARTISAN_NAME
        artisan.consent = ArtisanConsent.NOT_SHOWN
        artisan.bio = ""
        artisan.photo = None
        artisan.save()
        # Revisions hold copies of her name and photo: they go, and one clean revision is made.
        revisions = Revision.page_revisions.filter(object_id=str(artisan.pk))
        ArtisanPage.objects.filter(pk=artisan.pk).update(latest_revision=None, live_revision=None)
        PageLogEntry.objects.filter(page_id=artisan.pk).update(revision=None)
        removed_revisions = revisions.delete()[0]
        artisan.refresh_from_db()
        revision = artisan.save_revision(user=actor, log_action=False)
        if was_live:
            revision.publish(user=actor, log_action=False)
        # Queryset updates: a log entry's save() validates its revision, which is gone.
        for entry in PageLogEntry.objects.filter(page_id=artisan.pk):
            PageLogEntry.objects.filter(pk=entry.pk).update(
                label=_without(entry.label, secrets), data=_scrub(entry.data, secrets)
            )
        removed_redirects = Redirect.objects.filter(redirect_page_id=artisan.pk).delete()[0]
        # Page.save() creates the redirect from her old slug after commit: remove it then too.
        page_id = artisan.pk
        transaction.on_commit(lambda: Redirect.objects.filter(redirect_page_id=page_id).delete())
        removed_photo = 0
        if photo is not None:
            photo.delete()
            removed_photo = 1
        artisan = ArtisanPage.objects.get(pk=artisan.pk)
        index.insert_or_update_object(artisan)
        counts = {
            "artisans": 1,
            "photos": removed_photo,
            "revisions": removed_revisions,
            "redirects": removed_redirects,
        }
        record = PersonalDataAction.objects.create(
            action=PersonalDataAction.Action.ERASE,
            subject_kind=SubjectKind.ARTISAN,
            artisan_page_id=artisan.pk,
            counts=counts,
            actor=actor,
        )
    return ErasureResult(counts=counts, record=record)
