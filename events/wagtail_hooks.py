"""Admin registration for melas: screens, menu item, page buttons and organiser provisioning."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from catalog.admin_menu import menu_facts
from events import admin_views, dashboard_views
from events.admin_listing import ApplicationIndexView
from events.models import MelaPage
from events.selectors import melas_organised_by
from events.services import mela_provision


@hooks.register("register_admin_urls")
def register_mela_urls():
    return [
        path(
            "melas/applications/",
            ApplicationIndexView.as_view(),
            name="events_application_list",
        ),
        path(
            "melas/applications/results/",
            ApplicationIndexView.as_view(results_only=True),
            name="events_application_list_results",
        ),
        path(
            "melas/applications/new/",
            admin_views.application_create,
            name="events_application_create",
        ),
        path(
            "melas/applications/<int:application_id>/",
            admin_views.application_detail,
            name="events_application_detail",
        ),
        path("melas/<int:mela_id>/stalls/", admin_views.mela_stalls, name="events_mela_stalls"),
        path(
            "melas/<int:mela_id>/report/", admin_views.mela_report_view, name="events_mela_report"
        ),
        path(
            "melas/<int:mela_id>/dashboard/",
            dashboard_views.mela_dashboard_view,
            name="events_mela_dashboard",
        ),
        path(
            "melas/<int:mela_id>/dashboard/charts/<slug:chart>.svg",
            dashboard_views.mela_dashboard_chart,
            name="events_mela_dashboard_chart",
        ),
    ]


class MelaApplicationsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        # A group's staff (producer_groups_of(user).exists(), from the request's menu facts).
        return menu_facts(request).staff_of_a_group or melas_organised_by(user).exists()


@hooks.register("register_admin_menu_item")
def register_applications_menu_item():
    return MelaApplicationsMenuItem(
        _("Mela stalls"), reverse("events_application_list"), icon_name="date", order=250
    )


class MelaPageButton(PageMenuItem):
    def is_shown(self, user):
        return (
            self.page.specific_class is MelaPage and self.page.permissions_for_user(user).can_edit()
        )


class StallsButton(MelaPageButton):
    label = _("Stalls")
    icon_name = "table"
    url_name = "events_mela_stalls"


class ReportButton(MelaPageButton):
    label = _("Mela report")
    icon_name = "doc-full"
    url_name = "events_mela_report"


class DashboardButton(MelaPageButton):
    label = _("Mela dashboard")
    icon_name = "table"
    url_name = "events_mela_dashboard"


class ApplicationsButton(MelaPageButton):
    label = _("Stall applications")
    icon_name = "group"

    @property
    def url(self):
        return reverse("events_application_list") + f"?mela={self.page.pk}"


@hooks.register("register_page_listing_more_buttons")
def mela_listing_buttons(page, user, next_url=None):
    yield StallsButton(page=page, priority=3)
    yield ApplicationsButton(page=page, priority=4)
    yield ReportButton(page=page, priority=5)
    yield DashboardButton(page=page, priority=6)


@hooks.register("register_page_header_buttons")
def mela_header_buttons(page, user, view_name, next_url=None):
    yield StallsButton(page=page, priority=12)
    yield ApplicationsButton(page=page, priority=13)
    yield ReportButton(page=page, priority=14)
    yield DashboardButton(page=page, priority=15)


@hooks.register("after_create_page")
def provision_new_mela(request, page):
    if isinstance(page.specific, MelaPage):
        mela_provision(mela=page.specific)


@hooks.register("register_page_header_buttons")
def workshop_attendance_header_button(page, user, view_name, next_url=None):
    """On a workshop's page in the admin: its attendance phone page, for its organisers."""
    # Imported here: the workshops package imports the models (kept out of hook loading).
    from events.models import WorkshopPage
    from events.workshops.selectors import workshop_organised_by

    if page.specific_class is not WorkshopPage or not page.live:
        return
    if not workshop_organised_by(user=user, workshop=page):
        return
    yield PageMenuItem(
        label=_("Attendance"),
        url=page.url + "attendance/",
        icon_name="tasks",
        priority=14,
        page=page,
    )
