"""Admin registration of the finance dashboard: URLs and its menu item (finance only).

Imported by orders/wagtail_hooks.py (the module Wagtail loads), so registering happens there.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from orders.finance.dashboards import views
from orders.finance.dashboards.selectors import sees_finance_dashboards


@hooks.register("register_admin_urls")
def register_finance_dashboard_urls():
    return [
        path("finance-dashboard/", views.finance_dashboard, name="finance_dashboard"),
        path(
            "finance-dashboard/charts/<slug:chart>.svg",
            views.finance_chart,
            name="finance_dashboard_chart",
        ),
    ]


class FinanceDashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return sees_finance_dashboards(request.user)


@hooks.register("register_admin_menu_item")
def register_finance_dashboard_menu_item():
    return FinanceDashboardMenuItem(
        _("Finance dashboard"), reverse("finance_dashboard"), icon_name="table", order=244
    )
