"""*Applications to join* in the admin: a listing with filters for reviewers, the application
with its documents, and the two decisions (ask for changes, approve), each a service call.

Only reviewers (catalog.review_networkapplication; Wagtail's Moderators) see any of it; the
documents are streamed from here, never from a public URL.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from catalog.models import NetworkApplication, NetworkApplicationDocument
from catalog.network.forms import RequestChangesForm
from catalog.network.services import (
    NetworkApplicationError,
    network_application_approve,
    network_application_request_changes,
    reviews_applications,
)


def _reviewer_or_403(request) -> None:
    if not reviews_applications(request.user):
        raise PermissionDenied


class ApplicationIndexView(IndexView):
    def get_base_queryset(self):
        _reviewer_or_403(self.request)
        return NetworkApplication.objects.prefetch_related("crafts").select_related("group_page")


class ApplicationInspectView(InspectView):
    template_name = "catalog/network/admin_inspect.html"

    def get_context_data(self, **kwargs):
        _reviewer_or_403(self.request)
        context = super().get_context_data(**kwargs)
        context["documents"] = self.object.documents.all()
        context["changes_form"] = RequestChangesForm()
        return context


class NetworkApplicationViewSet(ModelViewSet):
    model = NetworkApplication
    icon = "group"
    menu_label = gettext_lazy("Applications to join")
    menu_order = 330
    add_to_admin_menu = True
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "kind", "district", "member_count", "status", "created_at"]
    list_filter = ["status", "kind", "country", "province", "crafts"]
    search_fields = ["name", "district", "contact_name"]
    search_backend_name = None
    inspect_view_fields = [
        "name",
        "kind",
        "country",
        "province",
        "district",
        "member_count",
        "crafts",
        "about",
        "contact_name",
        "contact_phone",
        "contact_email",
        "language",
        "status",
        "changes_requested",
        "created_at",
        "submitted_at",
        "decided_at",
        "decided_by",
        "group_page",
        "staff_user",
    ]
    # Reviewers decide; nobody edits an applicant's words in the admin.
    form_fields = ["changes_requested"]


@require_POST
def application_approve(request, pk: int):
    _reviewer_or_403(request)
    try:
        application = network_application_approve(application_id=pk, user=request.user)
    except NetworkApplication.DoesNotExist:
        raise Http404 from None
    except NetworkApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s approved: its group page, staff group and first login are ready.")
            % {"name": application.name},
        )
    return redirect("network_applications:inspect", pk)


def application_request_changes(request, pk: int):
    _reviewer_or_403(request)
    application = get_object_or_404(NetworkApplication, pk=pk)
    form = RequestChangesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            network_application_request_changes(
                application_id=pk, user=request.user, message=form.cleaned_data["message"]
            )
        except NetworkApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The applicant has been asked for changes."))
        return redirect("network_applications:inspect", pk)
    return TemplateResponse(
        request,
        "catalog/network/admin_request_changes.html",
        {"application": application, "form": form},
    )


def application_document(request, pk: int, document_id: int):
    _reviewer_or_403(request)
    document = get_object_or_404(NetworkApplicationDocument, pk=document_id, application_id=pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def admin_urls():
    return [
        path(
            "network-applications/<int:pk>/approve/",
            application_approve,
            name="network_application_approve",
        ),
        path(
            "network-applications/<int:pk>/request-changes/",
            application_request_changes,
            name="network_application_request_changes",
        ),
        path(
            "network-applications/<int:pk>/documents/<int:document_id>/",
            application_document,
            name="network_application_document",
        ),
    ]


def inspect_url(application: NetworkApplication) -> str:
    return reverse("network_applications:inspect", args=[application.pk])
