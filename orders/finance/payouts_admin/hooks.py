"""Admin registration of the payouts: URLs and the "Payouts" menu item (finance only).

Imported by orders/wagtail_hooks.py (the module Wagtail loads), so registering happens there.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from orders.finance.payout_selectors import manages_payouts
from orders.finance.payouts_admin import views
from orders.finance.payouts_admin.debts import GroupsInDebtView
from orders.finance.payouts_admin.listing import PayoutIndexView


@hooks.register("register_admin_urls")
def register_payout_urls():
    return [
        path("payouts/", PayoutIndexView.as_view(), name="payouts"),
        path(
            "payouts/results/", PayoutIndexView.as_view(results_only=True), name="payouts_results"
        ),
        path("payouts/run/", views.payouts_run_view, name="payouts_run"),
        path("payouts/export/", views.payouts_export, name="payouts_export"),
        path("payouts/<int:payout_id>/", views.payout_detail, name="payouts_detail"),
        path(
            "payouts/<int:payout_id>/mark-paid/",
            views.payout_mark_paid_view,
            name="payouts_mark_paid",
        ),
        path(
            "payouts/<int:payout_id>/mark-failed/",
            views.payout_mark_failed_view,
            name="payouts_mark_failed",
        ),
        path("payouts/<int:payout_id>/retry/", views.payout_retry_view, name="payouts_retry"),
        path(
            "payouts/groups-in-debt/",
            GroupsInDebtView.as_view(),
            name="payouts_groups_in_debt",
        ),
        path(
            "payouts/groups-in-debt/results/",
            GroupsInDebtView.as_view(results_only=True),
            name="payouts_groups_in_debt_results",
        ),
    ]


class PayoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return manages_payouts(request.user)


@hooks.register("register_admin_menu_item")
def register_payouts_menu_item():
    return PayoutsMenuItem(_("Payouts"), reverse("payouts"), icon_name="list-ol", order=246)
