"""Public views of joining the network (thin: the form and the services decide)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from catalog.models import NetworkApplication, NetworkApplicationStatus
from catalog.network.forms import NetworkApplicationForm
from catalog.network.services import (
    NetworkApplicationError,
    network_application_resubmit,
    network_application_submit,
)
from marketplace.translations import active_language


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def application_create(request):
    if request.method == "POST":
        form = NetworkApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            application = network_application_submit(
                details=form.details(),
                crafts=list(form.cleaned_data["crafts"]),
                documents=form.cleaned_data["documents"],
                language=active_language(),
            )
            messages.success(
                request,
                _(
                    "Thank you. Your application has been sent. Save this page's web address: "
                    "it shows what happens next."
                ),
            )
            return redirect("network_application_edit", token=application.edit_token)
    else:
        form = NetworkApplicationForm()
    return _private(
        TemplateResponse(request, "catalog/network/apply.html", {"form": form, "editing": False})
    )


def application_edit(request, token: str):
    """The applicant's private page: the status, and the form again when changes are asked."""
    application = NetworkApplication.objects.filter(edit_token=token).first()
    if application is None:
        raise Http404
    can_edit = application.status == NetworkApplicationStatus.CHANGES_REQUESTED
    existing = application.documents.count()
    form = None
    if can_edit:
        if request.method == "POST":
            form = NetworkApplicationForm(
                request.POST, request.FILES, instance=application, existing_documents=existing
            )
            if form.is_valid():
                try:
                    network_application_resubmit(
                        edit_token=token,
                        details=form.details(),
                        crafts=list(form.cleaned_data["crafts"]),
                        documents=form.cleaned_data["documents"],
                    )
                except NetworkApplicationError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(request, _("Your changes have been sent for review."))
                return redirect("network_application_edit", token=token)
        else:
            form = NetworkApplicationForm(instance=application, existing_documents=existing)
    context = {"application": application, "form": form, "editing": True}
    return _private(TemplateResponse(request, "catalog/network/status.html", context))
