"""Admin registration for the order desk: its URLs and the "Orders" menu item."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from catalog.admin_menu import menu_facts
from orders.desk import views as admin_views
from orders.desk.access import verifies_transfers
from orders.desk.group_dashboard import add_group_staff_panel  # noqa: F401  (group staff's panel)
from orders.desk.listings import SubOrderIndexView, TransferIndexView
from orders.finance import makers_admin  # noqa: F401  (registers makers' pay)
from orders.finance.dashboards import hooks as finance_dashboard_hooks  # noqa: F401
from orders.finance.payouts_admin import hooks as payout_hooks  # noqa: F401  (registers payouts)
from orders.finance.remittances_admin import hooks as remittance_hooks  # noqa: F401  (remittances)
from orders.finance.statements import hooks as statement_hooks  # noqa: F401  (registers statements)
from orders.selectors import manages_all_orders


@hooks.register("register_admin_urls")
def register_order_desk_urls():
    return [
        path("orders/", SubOrderIndexView.as_view(), name="orders_desk"),
        path(
            "orders/results/",
            SubOrderIndexView.as_view(results_only=True),
            name="orders_desk_results",
        ),
        path(
            "orders/sub-orders/<int:sub_order_id>/",
            admin_views.sub_order_detail,
            name="orders_desk_sub_order",
        ),
        path(
            "orders/sub-orders/<int:sub_order_id>/advance/",
            admin_views.sub_order_advance_view,
            name="orders_desk_sub_order_advance",
        ),
        path(
            "orders/sub-orders/<int:sub_order_id>/packing-slip/",
            admin_views.packing_slip,
            name="orders_desk_packing_slip",
        ),
        path(
            "orders/sub-orders/<int:sub_order_id>/decline/",
            admin_views.sub_order_decline_view,
            name="orders_desk_sub_order_decline",
        ),
        path(
            "orders/sub-orders/<int:sub_order_id>/cancel/",
            admin_views.sub_order_cancel_view,
            name="orders_desk_sub_order_cancel",
        ),
        path(
            "orders/sub-orders/<int:sub_order_id>/return/",
            admin_views.sub_order_return_view,
            name="orders_desk_sub_order_return",
        ),
        path(
            "orders/refunds/<int:refund_id>/sent/",
            admin_views.refund_sent_view,
            name="orders_desk_refund_sent",
        ),
        path("orders/<int:order_id>/", admin_views.order_detail, name="orders_desk_order"),
        path(
            "orders/<int:order_id>/cancel/",
            admin_views.order_cancel_view,
            name="orders_desk_order_cancel",
        ),
        path(
            "orders/<int:order_id>/refund/",
            admin_views.order_refund_view,
            name="orders_desk_order_refund",
        ),
        path("orders/transfers/", TransferIndexView.as_view(), name="orders_desk_transfers"),
        path(
            "orders/transfers/results/",
            TransferIndexView.as_view(results_only=True),
            name="orders_desk_transfers_results",
        ),
        path(
            "orders/transfers/<int:payment_id>/verify/",
            admin_views.transfer_verify_view,
            name="orders_desk_transfer_verify",
        ),
    ]


class OrderDeskMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return (
            manages_all_orders(user)
            or verifies_transfers(user)
            or menu_facts(request).staff_of_a_group  # producer_groups_of(user).exists()
        )


@hooks.register("register_admin_menu_item")
def register_order_desk_menu_item():
    return OrderDeskMenuItem(_("Orders"), reverse("orders_desk"), icon_name="list-ul", order=240)
