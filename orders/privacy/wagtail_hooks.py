"""Admin registration: Settings → Personal data (superusers)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from orders.privacy import admin_views


@hooks.register("register_admin_urls")
def register_personal_data_urls():
    return [
        path("personal-data/", admin_views.personal_data_index, name="personal_data"),
        path(
            "personal-data/erase/",
            admin_views.personal_data_erase_view,
            name="personal_data_erase",
        ),
    ]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_handle_personal_data(request.user)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        _("Personal data"), reverse("personal_data"), icon_name="user", order=900
    )
