"""Workshop routes (RoutablePageMixin on WorkshopPage): the sign-up form and the organisers'
phone page for attendance. Both are private, never in the page cache."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from events.models import WorkshopPage, WorkshopSignup
from events.workshops.forms import AttendanceMarkForm, WorkshopSignupForm
from events.workshops.limits import sign_up_rate_check
from events.workshops.selectors import (
    workshop_organised_by,
    workshop_seats_left,
    workshop_signups_for_attendance,
)
from events.workshops.services import (
    AttendanceError,
    WorkshopSignupError,
    attendance_closed_reason,
    workshop_attendance_record,
    workshop_sign_up,
)
from marketplace.rate_limits import RateLimited
from marketplace.translations import active_language


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def workshop_sign_up_page(request, workshop: WorkshopPage):
    """A worker books a seat with her mobile number; no account."""
    if request.method == "POST":
        form = WorkshopSignupForm(request.POST)
        if form.is_valid():
            try:
                sign_up_rate_check(
                    client_ip=request.META.get("REMOTE_ADDR", ""), phone=form.cleaned_data["phone"]
                )
            except RateLimited:
                response = render(request, "events/workshop_rate_limited.html", status=429)
                return _private(response)
            craft = form.cleaned_data["craft"]
            try:
                _signup, created = workshop_sign_up(
                    workshop_id=workshop.pk,
                    phone=form.cleaned_data["phone"],
                    name=form.cleaned_data["name"],
                    craft_id=craft.pk if craft else None,
                    district=form.cleaned_data["district"],
                    language=active_language(),
                )
            except WorkshopSignupError as error:
                form.add_error(None, str(error))
            else:
                if created:
                    messages.success(
                        request, _("You are signed up. We have sent you an SMS to confirm.")
                    )
                else:
                    messages.info(request, _("This number is already signed up for this workshop."))
                return redirect(f"{workshop.url}sign-up/")
    else:
        form = WorkshopSignupForm()
    context = {
        "page": workshop,
        "self": workshop,
        "form": form,
        "seats_left": workshop_seats_left(workshop=workshop),
    }
    return _private(TemplateResponse(request, "events/workshop_sign_up.html", context))


def workshop_attendance_page(request, workshop: WorkshopPage):
    """Phone-friendly, like stall sales: organisers tick who came."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not workshop_organised_by(user=request.user, workshop=workshop):
        raise PermissionDenied
    if request.method == "POST":
        form = AttendanceMarkForm(request.POST)
        if not form.is_valid():
            raise Http404
        try:
            signup = workshop_attendance_record(
                user=request.user,
                workshop=workshop,
                signup_id=form.cleaned_data["signup"],
                attended=form.cleaned_data["attended"],
            )
        except WorkshopSignup.DoesNotExist:
            raise Http404 from None
        except AttendanceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Marked present.") if signup.attended else _("Marked absent.")
            )
        return redirect(f"{workshop.url}attendance/#signup-{form.cleaned_data['signup']}")
    signups = list(workshop_signups_for_attendance(workshop=workshop))
    context = {
        "page": workshop,
        "self": workshop,
        "signups": signups,
        "present": sum(1 for signup in signups if signup.attended),
        "closed": attendance_closed_reason(workshop=workshop),
    }
    return _private(TemplateResponse(request, "events/workshop_attendance.html", context))
