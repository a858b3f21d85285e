"""Recipients the core can reach without knowing the apps: staff holding a permission, and
absolute links for messages read outside the site."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from marketplace.notifications.registry import notification_event
from marketplace.notifications.services import NotificationMessage, notifications_queue


def site_url(path: str) -> str:
    """An absolute link for a message read outside the site."""
    return str(settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path


def staff_with_permission(permission: str) -> QuerySet[Any]:
    """Active users with an email who hold `permission` ("app_label.codename"), directly or
    through a group. Superusers are not added: they get what their groups ask for."""
    app_label, codename = permission.split(".", 1)
    granted = Permission.objects.filter(codename=codename, content_type__app_label=app_label)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(user_permissions__in=granted) | Q(groups__permissions__in=granted))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def staff_notify(
    *, event: str, occurrence: int, context: dict[str, Any], order_id: int | None = None
) -> None:
    """Email `event` to every staff user holding the event's registered permission, once per
    user and occurrence: the rows are written together and sent by one task."""
    permission = notification_event(event).staff_permission
    if not permission:
        raise ValueError(f"Notification event {event!r} has no staff permission registered.")
    notifications_queue(
        messages=[
            NotificationMessage(
                event=event,
                dedupe_key=f"{event}:{occurrence}:{user.pk}",
                language=settings.LANGUAGE_CODE,
                context=context,
                email=user.email,
                order_id=order_id,
            )
            for user in staff_with_permission(permission)
        ]
    )
