"""Admin views of long exports: start one (small ones answer at once), watch its progress (the
page reloads itself with a meta refresh while it runs: no script), download or restart it."""

import posixpath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from marketplace.csv_export import csv_download
from marketplace.exports.registry import export_definition, params_from
from marketplace.exports.selectors import export_ready_for, exports_of
from marketplace.exports.services import (
    ExportError,
    export_request,
    export_restart,
    is_stale,
)
from marketplace.models import ExportJob

RELOAD_SECONDS = 3


@require_POST
def export_start(request, export_name: str):
    try:
        definition = export_definition(export_name)
    except KeyError:
        raise Http404 from None
    if not definition.may_run(request.user):
        raise PermissionDenied
    form = definition.form_class(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("The export's filters are not valid: %(errors)s")
            % {
                "errors": " ".join(
                    str(message) for errors in form.errors.values() for message in errors
                )
            },
        )
        return redirect(_back_to(request))
    params = params_from(form)
    if definition.count(params) <= definition.immediate_rows:
        response, writer = csv_download(definition.filename(params))
        writer.writerow(definition.header())
        writer.writerows(definition.rows(params))
        return response
    job = export_request(user=request.user, export_name=export_name, params=params)
    return redirect("exports_detail", job_id=job.pk)


def _back_to(request) -> str:
    """The screen the export was asked from (same site only), or the list of exports."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("exports")


@require_safe
def export_list(request):
    return TemplateResponse(
        request,
        "marketplace/exports/list.html",
        {
            "page_title": _("My exports"),
            "header_icon": "download",
            "jobs": exports_of(request.user)[:50],
        },
    )


@require_safe
def export_detail(request, job_id: int):
    try:
        job = exports_of(request.user).get(pk=job_id)
    except ExportJob.DoesNotExist:
        raise Http404 from None
    stale = is_stale(job)
    return TemplateResponse(
        request,
        "marketplace/exports/detail.html",
        {
            "page_title": _("Export"),
            "header_icon": "download",
            "job": job,
            "label": _label(job),
            "running": job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING),
            "can_restart": stale or job.status == ExportJob.Status.FAILED,
            "reload_seconds": None if stale else RELOAD_SECONDS,
        },
    )


def _label(job: ExportJob) -> str:
    try:
        return str(export_definition(job.export_name).label)
    except KeyError:
        return job.export_name


@require_POST
def export_restart_view(request, job_id: int):
    try:
        export_restart(user=request.user, job_id=job_id)
    except ExportJob.DoesNotExist:
        raise Http404 from None
    except ExportError:
        messages.error(request, _("This export is still running or already done."))
    else:
        messages.success(request, _("The export starts again."))
    return redirect("exports_detail", job_id=job_id)


@require_safe
def export_download(request, job_id: int):
    try:
        job = export_ready_for(request.user, job_id)
    except ExportJob.DoesNotExist:
        raise Http404 from None
    name = job.file.name or ""
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=posixpath.basename(name),
        content_type="text/csv; charset=utf-8",
    )
