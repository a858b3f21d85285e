"""One entry point for the screens and the command: find the subject, export it, erase it."""

from typing import Any

from orders.privacy.erase import ErasureResult, artisan_erase, buyer_erase
from orders.privacy.export import artisan_data, buyer_data, export_record
from orders.privacy.models import SubjectKind
from orders.privacy.subjects import artisan_subject_find, buyer_subject_find


def subject_find(lookup: dict) -> Any:
    """A BuyerSubject or an ArtisanPage; privacy.subjects.SubjectNotFound when none."""
    if lookup["kind"] == SubjectKind.ARTISAN:
        return artisan_subject_find(artisan_id=lookup["artisan_id"])
    return buyer_subject_find(
        username=lookup.get("username", ""),
        email=lookup.get("email", ""),
        phone=lookup.get("phone", ""),
    )


def subject_data(lookup: dict, subject) -> dict[str, Any]:
    if lookup["kind"] == SubjectKind.ARTISAN:
        return artisan_data(subject)
    return buyer_data(subject)


def personal_data_export(*, lookup: dict, actor) -> dict[str, Any]:
    """The person's data, and the audit row saying who exported it."""
    subject = subject_find(lookup)
    data = subject_data(lookup, subject)
    export_record(data=data, actor=actor, subject=subject)
    return data


def personal_data_erase(*, lookup: dict, actor) -> ErasureResult:
    subject = subject_find(lookup)
    if lookup["kind"] == SubjectKind.ARTISAN:
        return artisan_erase(artisan=subject, actor=actor)
    return buyer_erase(subject=subject, actor=actor)
