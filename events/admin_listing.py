"""Mela stall applications on Wagtail's IndexView: a group's staff see their groups'
applications, organisers those to the melas they organise (events.selectors
.applications_for_user), with the melas open for applications above the list."""

import django_filters
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn

from events.models import ApplicationStatus, ExhibitorApplication, MelaPage
from events.selectors import (
    applications_for_user,
    melas_open_for_applications,
    melas_organised_by,
    producer_groups_of,
)
from marketplace.admin_listings import (
    ContentColumn,
    ContentTitleColumn,
    ScopedIndexView,
    TemplateColumn,
)


class ApplicationFilterSet(WagtailFilterSet):
    mela = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Mela"), queryset=MelaPage.objects.order_by("-start_date", "title")
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=ApplicationStatus.choices
    )

    class Meta:
        model = ExhibitorApplication
        fields: list[str] = []


class ApplicationIndexView(ScopedIndexView):
    model = ExhibitorApplication
    context_object_name = "applications"
    index_url_name = "events_application_list"
    index_results_url_name = "events_application_list_results"
    template_name = "events/admin/application_index.html"
    page_title = gettext_lazy("Mela stall applications")
    header_icon = "date"
    filterset_class = ApplicationFilterSet
    search_fields = ["group__title", "mela__title"]
    default_ordering = "-submitted"
    orderings = {
        "mela": ("mela__title", "pk"),
        "group": ("group__title", "pk"),
        "status": ("status", "pk"),
        "submitted": ("submitted_at", "pk"),
    }
    export_filename = "stall-applications"
    extra_export = {"needs": gettext_lazy("Needs")}

    def user_may_list(self, user) -> bool:
        return True  # the rows are the user's own: applications_for_user

    def get_base_queryset(self):
        return applications_for_user(self.request.user)

    @cached_property
    def organised_ids(self) -> set[int]:
        return set(melas_organised_by(self.request.user).values_list("pk", flat=True))

    @cached_property
    def columns(self):
        return [
            ContentTitleColumn(
                "mela",
                label=_("Mela"),
                accessor="mela.title",
                sort_key="mela",
                get_url=lambda application: reverse(
                    "events_application_detail", args=[application.pk]
                ),
            ),
            ContentColumn(
                "group", label=_("Producer group"), accessor="group.title", sort_key="group"
            ),
            Column("size", label=_("Size wanted"), accessor="get_stall_size_wanted_display"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                sort_key="status",
                primary=lambda application: application.status == ApplicationStatus.APPROVED,
            ),
            Column("stall", label=_("Stall"), accessor="stall.number"),
            DateColumn(
                "submitted", label=_("Submitted"), accessor="submitted_at", sort_key="submitted"
            ),
            TemplateColumn(
                "actions",
                label=_("Actions"),
                template_name="events/admin/_application_actions_cell.html",
                extra={"organised_ids": self.organised_ids},
            ),
        ]

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return _("No applications match these filters.")
        return _("No applications yet.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only and producer_groups_of(self.request.user).exists():
            context["open_melas"] = melas_open_for_applications()
        return context
