"""Admin registration: the notification log ("Notifications"), read-only, for order managers;
login lockouts (Settings → Login lockouts) with an unlock, for superusers; on the dashboard,
how many notifications and payout sends are waiting (marketplace.pending_work); the page
chooser limited to pages the user may see."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from marketplace import admin_urdu  # noqa: F401  (registers its hook)
from marketplace.exports import hooks as export_hooks  # noqa: F401  (registers its URLs)
from marketplace.login_lockouts import LoginLockoutViewSet
from marketplace.models import NotificationLog
from marketplace.newsletter import admin as newsletter_admin  # noqa: F401  (registers its hooks)
from marketplace.notification_labels import EVENT_COLUMN, LANGUAGE_COLUMN, RECIPIENT_COLUMN
from marketplace.page_chooser import limit_page_chooser
from marketplace.pending_work import pending_waiting
from marketplace.translation_admin import page_translation_buttons, page_translation_view

MANAGE_ALL_ORDERS_PERMISSION = "orders.manage_all_orders"


class NotificationLogPermissionPolicy(ModelPermissionPolicy):
    """Only viewing, and only for superusers and order managers: the log holds buyers' phone
    numbers and addresses, so producer groups' staff never see it."""

    def user_has_permission(self, user, action):
        return (
            action == "view"
            and user.is_active
            and (user.is_superuser or user.has_perm(MANAGE_ALL_ORDERS_PERMISSION))
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(NotificationLog, NotificationLogPermissionPolicy(NotificationLog))


class NotificationLogViewSet(ModelViewSet):
    model = NotificationLog
    icon = "mail"
    menu_label = _("Notifications")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        EVENT_COLUMN,
        RECIPIENT_COLUMN,
        "channel",
        LANGUAGE_COLUMN,
        "status",
        "attempts",
        "created_at",
    ]
    list_filter = ["status", "channel", "event", "language"]
    search_fields = ["recipient", "subject", "body", "dedupe_key", "last_error"]
    inspect_view_fields = [
        "event",
        "channel",
        "recipient",
        "language",
        "status",
        "attempts",
        "last_error",
        "subject",
        "body",
        "dedupe_key",
        "order_id",
        "sub_order_id",
        "created_at",
        "sent_at",
    ]
    copy_view_enabled = False
    form_fields = ["status"]


@hooks.register("register_admin_viewset")
def register_notification_log_viewset():
    return NotificationLogViewSet("notification_log")


@hooks.register("register_admin_viewset")
def register_login_lockout_viewset():
    return LoginLockoutViewSet("login_lockouts")


class PendingWorkPanel(Component):
    """Dashboard panel: work whose task may have been lost, how much and how long waiting."""

    name = "pending_work"
    order = 90
    template_name = "marketplace/admin/pending_work_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "rows": pending_waiting(),
            "notifications_url": reverse("notification_log:index"),
        }


@hooks.register("construct_homepage_panels")
def add_pending_work_panel(request, panels):
    user = request.user
    if user.is_superuser or user.has_perm(MANAGE_ALL_ORDERS_PERMISSION):
        panels.append(PendingWorkPanel())


hooks.register("construct_page_chooser_queryset", limit_page_chooser)


hooks.register("register_page_header_buttons", page_translation_buttons)


@hooks.register("register_admin_urls")
def page_translation_urls():
    return [path("translate/<int:page_id>/", page_translation_view, name="page_translation")]
