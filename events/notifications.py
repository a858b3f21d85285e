"""The events app's notification events, registered with the core from EventsConfig.ready()."""

from catalog.notifications import group_language
from marketplace.notifications.registry import NotificationEvent
from marketplace.notifications.services import notification_queue

APPLICATION_DECISION = "application_decision"

NOTIFICATION_EVENTS = [NotificationEvent(APPLICATION_DECISION)]


def application_decision_notify(*, decision) -> None:
    """An organiser decided on a group's stall application: tell the group."""
    application = decision.application
    group = application.group
    notification_queue(
        event=APPLICATION_DECISION,
        dedupe_key=f"{APPLICATION_DECISION}:{decision.pk}",
        language=group_language(group),
        context={
            "group": group,
            "mela": application.mela.title,
            "status": decision.to_status,
            "stall": decision.stall.number if decision.stall else "",
            "reason": decision.reason,
        },
        email=group.contact_email,
        phone=group.contact_phone,
    )
