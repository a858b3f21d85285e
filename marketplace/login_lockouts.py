"""Login lockouts in the Wagtail admin: who is locked out (django-axes' AccessAttempt rows),
and an unlock that deletes the row (axes then lets that account or address try again).

Only superusers see it: the rows hold usernames and addresses. Nothing can be added or edited.
"""

from axes.models import AccessAttempt
from axes.utils import reset
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


class LoginLockoutPermissionPolicy(ModelPermissionPolicy):
    """Viewing and unlocking (deleting), for active superusers only."""

    def user_has_permission(self, user, action):
        return action in ("view", "delete") and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AccessAttempt, LoginLockoutPermissionPolicy(AccessAttempt))


class UnlockView(DeleteView):
    """Unlocks both what the row names: the account and the address (axes keeps a row per
    account, address and browser, so every row for either goes)."""

    page_title = _("Unlock")

    @property
    def confirmation_message(self):
        return _("Unlock the account %(username)s and the address %(address)s?") % {
            "username": self.object.username or "-",
            "address": self.object.ip_address or "-",
        }

    def delete_action(self):
        if self.object.username:
            reset(username=self.object.username)
        if self.object.ip_address:
            reset(ip=self.object.ip_address)

    def get_success_message(self):
        return _("Unlocked: %(username)s and %(address)s can log in again.") % {
            "username": self.object.username or "-",
            "address": self.object.ip_address or "-",
        }


class LoginLockoutViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = _("Login lockouts")
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    delete_view_class = UnlockView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "username",
        "ip_address",
        "user_agent",
        "path_info",
        "failures_since_start",
        "attempt_time",
    ]
    form_fields = ["username"]
