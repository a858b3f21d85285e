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


# Workshops -------------------------------------------------------------------------------

WORKSHOP_SIGNUP_CONFIRMED = "workshop_signup_confirmed"
WORKSHOP_REMINDER = "workshop_reminder"

NOTIFICATION_EVENTS += [
    NotificationEvent(WORKSHOP_SIGNUP_CONFIRMED),
    NotificationEvent(WORKSHOP_REMINDER),
]


def _workshop_context(*, signup, workshop) -> dict:
    return {
        "name": signup.name,
        "workshop": workshop.title,
        "topic": workshop.topic,
        "day": workshop.day,
        "start_time": workshop.start_time,
        "place": workshop.place,
        "district": workshop.district,
    }


def workshop_signup_confirmed_notify(*, signup, workshop) -> None:
    """A worker signed up for a workshop: confirm her seat by SMS, in her language."""
    notification_queue(
        event=WORKSHOP_SIGNUP_CONFIRMED,
        dedupe_key=f"{WORKSHOP_SIGNUP_CONFIRMED}:{signup.pk}",
        language=signup.language,
        context=_workshop_context(signup=signup, workshop=workshop),
        phone=signup.phone,
    )


def workshop_reminder_notify(*, signup, workshop) -> None:
    """The day before the workshop: remind her, once (the key is the sign-up)."""
    notification_queue(
        event=WORKSHOP_REMINDER,
        dedupe_key=f"{WORKSHOP_REMINDER}:{signup.pk}",
        language=signup.language,
        context=_workshop_context(signup=signup, workshop=workshop),
        phone=signup.phone,
    )
