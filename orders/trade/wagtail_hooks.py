"""Admin registration: the Trade enquiries menu (group staff and moderators)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from orders.trade import admin_views
from orders.trade.models import TradeEnquiry


class EnquiryPermissionPolicy(ModelPermissionPolicy):
    """Group staff and moderators view; nobody adds, edits or deletes here (buyers write
    enquiries, groups answer with quotes, moderators hide)."""

    def user_has_permission(self, user, action):
        return action == "view" and admin_views.sees_enquiries(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


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
