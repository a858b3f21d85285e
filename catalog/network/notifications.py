"""Who hears what about an application to join: reviewers of a new one (email), the
applicant of a request for changes and of approval (SMS and email, in their language)."""

from marketplace.notifications.recipients import site_url, staff_notify
from marketplace.notifications.registry import NotificationEvent
from marketplace.notifications.services import notification_queue

NETWORK_APPLICATION_SUBMITTED = "network_application_submitted"
NETWORK_APPLICATION_CHANGES = "network_application_changes"
NETWORK_APPLICATION_APPROVED = "network_application_approved"
REVIEW_PERMISSION = "catalog.review_networkapplication"

NETWORK_NOTIFICATION_EVENTS = [
    NotificationEvent(NETWORK_APPLICATION_SUBMITTED, staff_permission=REVIEW_PERMISSION),
    NotificationEvent(NETWORK_APPLICATION_CHANGES),
    NotificationEvent(NETWORK_APPLICATION_APPROVED),
]


def application_submitted_notify(*, application, round_number: int) -> None:
    staff_notify(
        event=NETWORK_APPLICATION_SUBMITTED,
        occurrence=int(f"{application.pk}{round_number:010d}"),
        context={"name": application.name, "district": application.district},
    )


def application_changes_notify(*, application, edit_path: str, round_number: int) -> None:
    notification_queue(
        event=NETWORK_APPLICATION_CHANGES,
        dedupe_key=f"{NETWORK_APPLICATION_CHANGES}:{application.pk}:{round_number}",
        language=application.language,
        context={
            "name": application.name,
            "contact": application.contact_name,
            "message": application.changes_requested,
            "link": site_url(edit_path),
        },
        email=application.contact_email,
        phone=application.contact_phone,
    )


def application_approved_notify(*, application, username: str, set_password_path: str) -> None:
    """The set-password link goes by email only (the SMS says to look for it): a password is
    never sent, and the link works once and expires (PASSWORD_RESET_TIMEOUT)."""
    notification_queue(
        event=NETWORK_APPLICATION_APPROVED,
        dedupe_key=f"{NETWORK_APPLICATION_APPROVED}:{application.pk}",
        language=application.language,
        context={
            "name": application.name,
            "contact": application.contact_name,
            "username": username,
            "link": site_url(set_password_path),
            "admin": site_url("/admin/"),
        },
        email=application.contact_email,
        phone=application.contact_phone,
    )
