"""Admin registration: the Trade enquiries menu (group staff and moderators)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from marketplace.admin_permissions import ActionsForWhomPolicy
from orders.trade import admin_views
from orders.trade.models import TradeEnquiry


class EnquiryPermissionPolicy(ActionsForWhomPolicy):
    """Group staff and moderators view; nobody adds, edits or deletes here (buyers write
    enquiries, groups answer with quotes, moderators hide)."""

    actions = frozenset({"view"})

    def allows(self, user):
        return admin_views.sees_enquiries(user)


register_permission_policy(TradeEnquiry, EnquiryPermissionPolicy(TradeEnquiry))


class EnquiryViewSet(ModelViewSet):
    model = TradeEnquiry
    icon = "mail"
    menu_label = _("Trade enquiries")
    menu_order = 243
    add_to_admin_menu = True
    index_view_class = admin_views.EnquiryIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    # Add and edit are refused by the permission policy; Wagtail still wants a form.
    form_fields = ["hidden_reason"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:enquiry_id>/", admin_views.enquiry_detail_view, name="detail"),
            path("<int:enquiry_id>/hide/", admin_views.enquiry_hide_view, name="hide"),
        ]


@hooks.register("register_admin_viewset")
def register_enquiry_viewset():
    return EnquiryViewSet("trade_enquiries", url_prefix="trade-enquiries")
