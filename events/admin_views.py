"""Admin screens for melas, outside page revisions: exhibitor applications (groups apply,
organisers decide; their listing: admin_listing.py), a mela's stalls, and the mela report.

Access is decided by querysets (events.selectors): a mela the user does not organise, or an
application that is neither theirs nor their mela's, is a 404.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from events.forms import ApplicationForm, DecisionForm, StallFormSet, VisitorCountForm
from events.models import ApplicationStatus, ExhibitorApplication, MelaPage, Stall
from events.selectors import (
    applications_for_user,
    mela_report,
    melas_open_for_applications,
    melas_organised_by,
    producer_groups_of,
)
from events.services import (
    ApplicationError,
    application_decide,
    application_submit,
    visitors_record,
)
from marketplace import page_cache


def _organised_mela_or_404(user, mela_id: int) -> MelaPage:
    try:
        return melas_organised_by(user).get(pk=mela_id)
    except MelaPage.DoesNotExist:
        raise Http404(_("No mela you organise has this number.")) from None


def application_create(request):
    groups = producer_groups_of(request.user).order_by("title")
    if not groups.exists():
        raise PermissionDenied
    melas = melas_open_for_applications()
    initial = {"mela": request.GET.get("mela")}
    form = ApplicationForm(request.POST or None, melas=melas, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application_submit(
                user=request.user,
                mela=form.cleaned_data["mela"],
                group=form.cleaned_data["group"],
                products=list(form.cleaned_data["products"]),
                stall_size_wanted=form.cleaned_data["stall_size_wanted"],
                needs=form.cleaned_data["needs"],
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your application has been sent to the organisers."))
            return redirect("events_application_list")
    return TemplateResponse(
        request,
        "events/admin/application_form.html",
        {"page_title": _("Apply for a stall"), "form": form, "melas": melas},
    )


def application_detail(request, application_id: int):
    try:
        application = applications_for_user(request.user).get(pk=application_id)
    except ExhibitorApplication.DoesNotExist:
        raise Http404 from None
    is_organiser = melas_organised_by(request.user).filter(pk=application.mela_id).exists()
    form = None
    if is_organiser and application.status in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.WAITLISTED,
    ):
        form = DecisionForm(request.POST or None, application=application)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == ApplicationStatus.WITHDRAWN:
            return _decide(request, application, decision=decision)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            stall = form.cleaned_data.get("stall")
            response = _decide(
                request,
                application,
                decision=form.cleaned_data["decision"],
                stall_id=stall.pk if stall else None,
                reason=form.cleaned_data["reason"],
                form=form,
            )
            if response is not None:
                return response
    return TemplateResponse(
        request,
        "events/admin/application_detail.html",
        {
            "page_title": _("Stall application"),
            "application": application,
            "products": application.products.all(),
            "decisions": application.decisions.select_related("actor", "stall"),
            "form": form,
            "is_organiser": is_organiser,
            "can_withdraw": application.status
            in (
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.WAITLISTED,
                ApplicationStatus.APPROVED,
            ),
        },
    )


def _decide(request, application, *, decision, stall_id=None, reason="", form=None):
    try:
        application_decide(
            application_id=application.pk,
            user=request.user,
            decision=decision,
            stall_id=stall_id,
            reason=reason,
        )
    except ApplicationError as error:
        if form is None:
            messages.error(request, str(error))
            return redirect("events_application_detail", application_id=application.pk)
        form.add_error(None, str(error))
        return None
    messages.success(request, _("Decision saved; the group will be told."))
    return redirect("events_application_detail", application_id=application.pk)


def mela_stalls(request, mela_id: int):
    mela = _organised_mela_or_404(request.user, mela_id)
    queryset = Stall.objects.filter(mela=mela).order_by("zone", "number")
    formset = StallFormSet(request.POST or None, queryset=queryset, prefix="stalls")
    for form in formset.forms:
        form.instance.mela = mela
    if request.method == "POST":
        if formset.is_valid() and _stall_constraints_hold(formset):
            try:
                with transaction.atomic():
                    formset.save()
                    page_cache.invalidate()
            except IntegrityError:
                messages.error(request, _("Two stalls share a number or a place on the map."))
            else:
                messages.success(request, _("Stalls saved."))
                return redirect("events_mela_stalls", mela_id=mela.pk)
        else:
            messages.error(request, _("The stalls could not be saved: see the errors below."))
    return TemplateResponse(
        request,
        "events/admin/mela_stalls.html",
        {"page_title": _("Stalls"), "mela": mela, "formset": formset},
    )


def _stall_constraints_hold(formset) -> bool:
    """The stall number and map cell are unique per mela; the form does not see the mela."""
    valid = True
    for form in formset.forms:
        if not form.has_changed():
            continue
        try:
            form.instance.validate_constraints()
        except ValidationError as error:
            form.add_error(None, error)
            valid = False
    return valid


def mela_report_view(request, mela_id: int):
    mela = _organised_mela_or_404(request.user, mela_id)
    form = VisitorCountForm(request.POST or None, mela=mela)
    if request.method == "POST" and form.is_valid():
        visitors_record(
            user=request.user,
            mela=mela,
            day=date.fromisoformat(form.cleaned_data["day"]),
            visitors=form.cleaned_data["visitors"],
        )
        messages.success(request, _("Visitor count saved."))
        return redirect("events_mela_report", mela_id=mela.pk)
    return TemplateResponse(
        request,
        "events/admin/mela_report.html",
        {
            "page_title": _("Mela report"),
            "mela": mela,
            "report": mela_report(mela=mela),
            "form": form,
        },
    )
