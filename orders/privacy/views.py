"""The buyer's own "My data" page: what the platform holds, and a request for a copy of it or
for its erasure, which a platform admin then carries out (Settings → Personal data)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from orders.privacy.models import PersonalDataRequest
from orders.selectors import orders_of_buyer, saved_addresses_of


def personal_data_request(*, buyer, kind: str) -> PersonalDataRequest:
    """One open request per buyer and kind: asking twice finds the first (a constraint)."""
    existing = PersonalDataRequest.objects.filter(
        buyer=buyer, kind=kind, status=PersonalDataRequest.Status.OPEN
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return PersonalDataRequest.objects.create(buyer=buyer, kind=kind)
    except IntegrityError:
        return PersonalDataRequest.objects.get(
            buyer=buyer, kind=kind, status=PersonalDataRequest.Status.OPEN
        )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def my_data(request):
    user = request.user
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind not in PersonalDataRequest.Kind.values:
            messages.error(request, _("Choose what you are asking for."))
            return redirect("account_personal_data")
        if kind == PersonalDataRequest.Kind.ERASE and not request.POST.get("confirm"):
            messages.error(request, _("Tick the box to confirm that you want your data erased."))
            return redirect("account_personal_data")
        personal_data_request(buyer=user, kind=kind)
        messages.success(
            request,
            _("We have your request. The platform's staff will act on it within 30 days."),
        )
        return redirect("account_personal_data")
    return render(
        request,
        "privacy/account/my_data.html",
        {
            "order_count": orders_of_buyer(user).count(),
            "orders": orders_of_buyer(user)[:50],
            "address_count": saved_addresses_of(user).count(),
            "open_requests": PersonalDataRequest.objects.filter(
                buyer=user, status=PersonalDataRequest.Status.OPEN
            ),
        },
    )
