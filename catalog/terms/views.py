"""Finance's screen of proposed payout accounts: confirm (a different user from the one who
proposed it) or reject with a reason. Every write is a service call; a TermsError is the
message shown. Anyone without the finance or terms permission is refused."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from catalog.terms.selectors import (
    confirms_accounts,
    pending_account_changes_for_user,
    sees_all_terms,
)
from catalog.terms.services import TermsError, payout_account_confirm, payout_account_reject


@require_safe
def account_changes(request):
    if not sees_all_terms(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "catalog/terms/account_changes.html",
        {
            "page_title": _("Payout accounts awaiting confirmation"),
            "header_icon": "table",
            "changes": pending_account_changes_for_user(request.user),
            "can_confirm": confirms_accounts(request.user),
        },
    )


@require_POST
def account_change_confirm(request, change_id: int):
    if not confirms_accounts(request.user):
        raise PermissionDenied
    try:
        terms = payout_account_confirm(change_id=change_id, by=request.user)
    except TermsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Payout account of %(group)s confirmed: payouts now go there.")
            % {"group": terms.group.title},
        )
    return redirect("terms_account_changes")


@require_POST
def account_change_reject(request, change_id: int):
    if not confirms_accounts(request.user):
        raise PermissionDenied
    try:
        change = payout_account_reject(
            change_id=change_id, by=request.user, reason=request.POST.get("reason", "")
        )
    except TermsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Proposed payout account of %(group)s rejected.")
            % {"group": change.terms.group.title},
        )
    return redirect("terms_account_changes")
