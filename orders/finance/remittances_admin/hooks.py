"""Admin registration of the remittances: the viewset, the awaiting list, resolve and void.

Imported by orders/wagtail_hooks.py (the module Wagtail loads), so registering happens there.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from marketplace.admin_permissions import ActionsForWhomPolicy
from orders.finance.remittance_selectors import records_remittances
from orders.finance.remittances_admin import views
from orders.finance.remittances_admin.forms import RemittanceForm
from orders.models import CourierRemittance


class RemittancePermissionPolicy(ActionsForWhomPolicy):
    """Finance see and record remittances; nobody edits or deletes one (a flagged one is
    resolved or voided through its own service)."""

    actions = frozenset({"view", "add"})

    def allows(self, user):
        return records_remittances(user)


register_permission_policy(CourierRemittance, RemittancePermissionPolicy(CourierRemittance))


class RemittanceViewSet(ModelViewSet):
    model = CourierRemittance
    icon = "tasks"
    menu_label = _("Remittances")
    menu_order = 247
    add_to_admin_menu = True
    index_view_class = views.RemittanceIndexView
    add_view_class = views.RemittanceCreateView
    inspect_view_class = views.RemittanceInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["status", "courier"]

    def get_form_class(self, for_update=False):
        return RemittanceForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:remittance_id>/resolve/", views.remittance_resolve_view, name="resolve"),
            path("<int:remittance_id>/void/", views.remittance_void_view, name="void"),
        ]


@hooks.register("register_admin_viewset")
def register_remittance_viewset():
    return RemittanceViewSet("remittances")


@hooks.register("register_admin_urls")
def register_awaiting_remittance_urls():
    return [
        path(
            "remittances-awaiting/",
            views.AwaitingRemittanceIndexView.as_view(),
            name="remittances_awaiting",
        ),
        path(
            "remittances-awaiting/results/",
            views.AwaitingRemittanceIndexView.as_view(results_only=True),
            name="remittances_awaiting_results",
        ),
    ]
