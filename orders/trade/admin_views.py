"""The trade enquiries admin: a listing (Wagtail IndexView) and one enquiry with the quote form.

Group staff see only the enquiries sent to their group and quote on them; moderators see every
enquiry and may hide one. Every queryset comes from orders.trade.selectors; the buyer's
contact details only from enquiry_contact_for_group (after this group's quote is accepted).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView

from orders.selectors import producer_groups_of
from orders.trade.admin_forms import EnquiryFilterSet, HideForm, QuoteForm
from orders.trade.enquiries import EnquiryError, enquiry_hide
from orders.trade.models import TradeEnquiry
from orders.trade.quotes import QuoteError, QuoteTerms, quote_submit
from orders.trade.selectors import (
    answering_groups,
    enquiries_for_user,
    enquiry_contact_for_group,
    moderates_enquiries,
    quotes_for_user,
)


def sees_enquiries(user) -> bool:
    return moderates_enquiries(user) or producer_groups_of(user).exists()


def _addressee(enquiry: TradeEnquiry) -> str:
    if enquiry.craft_id:
        return _("Every group making %(craft)s") % {"craft": enquiry.craft}
    return _("Your group only")


def _state(enquiry: TradeEnquiry) -> str:
    if enquiry.hidden_at:
        return _("Hidden")
    if not enquiry.confirmed_at:
        return _("Not confirmed")
    return _("Open")


class EnquiryIndexView(IndexView):
    filterset_class = EnquiryFilterSet
    paginate_by = 50

    def get_base_queryset(self):
        return enquiries_for_user(self.request.user).order_by("-created_at", "-pk")

    @property
    def columns(self):
        columns = [
            TitleColumn(
                "business_name",
                label=_("Buyer"),
                get_url=lambda enquiry: reverse("trade_enquiries:detail", args=[enquiry.pk]),
            ),
            Column("buyer_kind", label=_("Kind"), accessor="get_buyer_kind_display"),
            Column("addressee", label=_("Asked"), accessor=_addressee),
            DateColumn("deadline", label=_("Needed by")),
            Column("delivery_place", label=_("Delivery place")),
            BooleanColumn("will_visit", label=_("Will visit")),
            DateColumn("created_at", label=_("Sent")),
        ]
        if moderates_enquiries(self.request.user):
            columns.append(Column("state", label=_("Status"), accessor=_state))
        return columns


def _enquiry_or_404(request, enquiry_id: int) -> TradeEnquiry:
    try:
        return enquiries_for_user(request.user).get(pk=enquiry_id)
    except TradeEnquiry.DoesNotExist:
        raise Http404(_("No enquiry of yours has this number.")) from None


def enquiry_detail_view(request, enquiry_id: int):
    """GET: the enquiry, the group's quote or the form for one; POST: send the quote."""
    if not sees_enquiries(request.user):
        raise PermissionDenied
    enquiry = _enquiry_or_404(request, enquiry_id)
    items = list(enquiry.items.all())
    groups = answering_groups(request.user, enquiry)
    quotes = list(
        quotes_for_user(request.user)
        .filter(enquiry=enquiry)
        .select_related("producer_group", "order")
        .prefetch_related("lines__item")
    )
    quoted_group_ids = {quote.producer_group_id for quote in quotes}
    groups = groups.exclude(pk__in=quoted_group_ids)
    form = None
    if groups.exists() and enquiry.hidden_at is None:
        form = QuoteForm(request.POST or None, items=items, groups=groups)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                quote_submit(
                    user=request.user,
                    enquiry_id=enquiry.pk,
                    group_id=form.group().pk,
                    prices=form.prices(),
                    terms=QuoteTerms(
                        lead_time_days=data["lead_time_days"],
                        valid_until=data["valid_until"],
                        sample_available=data["sample_available"],
                        delivery_charge=data["delivery_charge"],
                        advance_percent=data["advance_percent"],
                        note=data["note"],
                    ),
                )
            except QuoteError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your quote was sent to the buyer."))
                return redirect("trade_enquiries:detail", enquiry.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return TemplateResponse(
        request,
        "trade/admin/enquiry_detail.html",
        {
            "page_title": _("Trade enquiry from %(business)s")
            % {"business": enquiry.business_name},
            "header_icon": "mail",
            "enquiry": enquiry,
            "items": items,
            "quotes": quotes,
            "form": form,
            "contact": enquiry_contact_for_group(user=request.user, enquiry_id=enquiry.pk),
            "hide_form": HideForm()
            if moderates_enquiries(request.user) and not enquiry.hidden_at
            else None,
            "state": _state(enquiry),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def enquiry_hide_view(request, enquiry_id: int):
    if not moderates_enquiries(request.user):
        raise PermissionDenied
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("trade_enquiries:detail", enquiry_id)
    try:
        enquiry_hide(by=request.user, enquiry_id=enquiry_id, reason=form.cleaned_data["reason"])
    except (EnquiryError, TradeEnquiry.DoesNotExist) as error:
        raise Http404 from error
    messages.success(request, _("The enquiry is hidden from the producer groups."))
    return redirect("trade_enquiries:detail", enquiry_id)
