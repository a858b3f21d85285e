"""The notification events the apps have registered: the core sends, the apps own their events.

Each app registers its events from its AppConfig.ready() (`notification_events_register`), and
`notifications_queue` refuses an event nobody registered, so a typo cannot become a silent
message with no template. An event told to staff names the permission those staff hold, so the
core never needs to know another app's permission codenames.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotificationEvent:
    """`name` is also the template name: templates/notifications/<name>.<language>.txt."""

    name: str
    # "app_label.codename": for events emailed to every staff user holding this permission.
    staff_permission: str = ""


_EVENTS: dict[str, NotificationEvent] = {}


def notification_events_register(*events: NotificationEvent) -> None:
    """Register events (idempotent for the same definition; a clash is a programming error)."""
    for event in events:
        known = _EVENTS.get(event.name)
        if known is not None and known != event:
            raise ValueError(f"Notification event {event.name!r} is registered twice, differently.")
        _EVENTS[event.name] = event


def notification_event(name: str) -> NotificationEvent:
    try:
        return _EVENTS[name]
    except KeyError:
        raise LookupError(
            f"Notification event {name!r} is not registered; register it in its app's "
            "AppConfig.ready() with notification_events_register()."
        ) from None


def notification_events() -> list[NotificationEvent]:
    return sorted(_EVENTS.values(), key=lambda event: event.name)
