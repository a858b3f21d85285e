"""A Wagtail permission policy for models whose admin allows a few actions to whoever passes
one test, the same for every row (trade enquiries, courier remittances)."""

from __future__ import annotations

from typing import Any

from wagtail.permission_policies.base import ModelPermissionPolicy


class ActionsForWhomPolicy(ModelPermissionPolicy):
    """`actions` (Wagtail's "view", "add", "change", "delete") for the users `allows`; every
    other action for nobody. An instance asks the same as its model."""

    actions: frozenset[str] = frozenset()

    def allows(self, user: Any) -> bool:
        raise NotImplementedError

    def user_has_permission(self, user, action):
        return action in self.actions and self.allows(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)
