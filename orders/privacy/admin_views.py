"""The platform admins' personal-data screen: find one buyer or artisan, see and download what
the platform holds about them (JSON or CSV), erase it after a confirmation; buyers' open
requests and the audit of past exports and erasures. Superusers only."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from marketplace.csv_export import csv_download
from orders.privacy.erase import ErasureRefused
from orders.privacy.export import as_json, flatten
from orders.privacy.forms import EraseConfirmForm, SubjectForm
from orders.privacy.models import PersonalDataAction, PersonalDataRequest
from orders.privacy.service import (
    personal_data_erase,
    personal_data_export,
    subject_data,
    subject_find,
)
from orders.privacy.subjects import SubjectNotFound


def may_handle_personal_data(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def _require_admin(request) -> None:
    if not may_handle_personal_data(request.user):
        raise PermissionDenied


def _lookup_or_none(request, form: SubjectForm):
    if not form.is_valid():
        return None
    try:
        lookup = form.lookup()
        return lookup, subject_find(lookup)
    except SubjectNotFound:
        form.add_error(None, _("Nobody matches: check the account, email, phone or page id."))
        return None


@require_safe
def personal_data_index(request):
    _require_admin(request)
    form = SubjectForm(request.GET or None)
    found = _lookup_or_none(request, form) if request.GET else None
    context = {
        "page_title": _("Personal data"),
        "header_icon": "user",
        "form": form,
        "requests": PersonalDataRequest.objects.filter(
            status=PersonalDataRequest.Status.OPEN
        ).select_related("buyer"),
        "actions": PersonalDataAction.objects.select_related("actor")[:20],
    }
    if found is not None:
        lookup, subject = found
        fmt = request.GET.get("format")
        if fmt in ("json", "csv"):
            return _download(request, lookup, fmt)
        query = request.GET.copy()
        query.pop("format", None)
        context.update(
            {
                "rows": list(flatten(subject_data(lookup, subject))),
                "query": query.urlencode(),
            }
        )
    return TemplateResponse(request, "privacy/admin/index.html", context)


def _download(request, lookup: dict, fmt: str) -> HttpResponse:
    data = personal_data_export(lookup=lookup, actor=request.user)
    filename = f"personal-data-{lookup['kind']}"
    if fmt == "json":
        response = HttpResponse(as_json(data), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    response, writer = csv_download(filename)
    writer.writerow(["section", "record", "field", "value"])
    writer.writerows(flatten(data))
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def personal_data_erase_view(request):
    _require_admin(request)
    form = SubjectForm(request.GET or None)
    found = _lookup_or_none(request, form)
    if found is None:
        messages.error(request, _("Find the person first."))
        return redirect("personal_data")
    lookup, subject = found
    confirm = EraseConfirmForm(request.POST or None)
    if request.method == "POST" and confirm.is_valid():
        try:
            result = personal_data_erase(lookup=lookup, actor=request.user)
        except ErasureRefused:
            messages.error(
                request, _("Staff accounts are not erased here: remove their access first.")
            )
            return redirect("personal_data")
        if result.changed:
            messages.success(request, _("Erased. The orders and the ledger are kept, anonymised."))
        else:
            messages.info(request, _("There was nothing left to erase."))
        return redirect("personal_data")
    return TemplateResponse(
        request,
        "privacy/admin/erase_confirm.html",
        {
            "page_title": _("Erase personal data"),
            "header_icon": "warning",
            "confirm": confirm,
            "rows": list(flatten(subject_data(lookup, subject))),
            "query": urlencode({k: v for k, v in request.GET.items() if k != "format"}),
        },
        status=400 if request.method == "POST" else 200,
    )
