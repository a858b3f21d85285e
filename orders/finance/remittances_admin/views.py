"""Views of the remittances admin, built from Wagtail's generic views.

Only finance (orders.record_remittances) get anywhere: the permission policy refuses anyone
else, and every queryset comes from orders.finance.remittance_selectors, which is empty for them.
A remittance is never edited or deleted here: a flagged one is resolved or voided.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, IndexView, InspectView
from wagtail.admin.widgets.button import HeaderButton

from marketplace.admin_listings import ContentColumn
from marketplace.money import format_pkr
from orders.finance.remittance_selectors import (
    records_remittances,
    remittances_for_user,
    sub_orders_awaiting_remittance,
)
from orders.finance.remittances import (
    RemittanceError,
    remittance_record,
    remittance_resolve,
    remittance_void,
)
from orders.finance.remittances_admin.forms import (
    AwaitingRemittanceFilterSet,
    RemittanceResolveForm,
    RemittanceVoidForm,
)
from orders.models import CourierRemittance, RemittanceStatus, SubOrder


def _money(attribute: str):
    return lambda instance: format_pkr(getattr(instance, attribute))


class AwaitingRemittanceIndexView(IndexView):
    """Delivered cash-on-delivery parcels whose cash the courier still holds, oldest first."""

    model = SubOrder
    permission_policy = None
    any_permission_required = None
    filterset_class = AwaitingRemittanceFilterSet
    index_url_name = "remittances_awaiting"
    index_results_url_name = "remittances_awaiting_results"
    page_title = gettext_lazy("Cash with couriers")
    header_icon = "tasks"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not records_remittances(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return sub_orders_awaiting_remittance(self.request.user).order_by("delivered_at", "pk")

    @property
    def columns(self):
        return [
            TitleColumn(
                "parcel",
                label=_("Parcel"),
                accessor=str,
                get_url=lambda sub_order: reverse("orders_desk_sub_order", args=[sub_order.pk]),
            ),
            ContentColumn("producer_group_name", label=_("Producer group")),
            Column("courier", label=_("Courier")),
            Column("tracking_number", label=_("Tracking number")),
            Column("total", label=_("Cash to collect"), accessor=_money("total")),
            DateColumn("delivered_at", label=_("Delivered")),
        ]

    def get_header_buttons(self):
        return [
            HeaderButton(_("Record a remittance"), reverse("remittances:add"), icon_name="plus"),
            HeaderButton(_("Remittances"), reverse("remittances:index"), icon_name="list-ul"),
        ]


class RemittanceIndexView(IndexView):
    def get_base_queryset(self):
        return remittances_for_user(self.request.user)

    def order_queryset(self, queryset):
        # Flagged ones first (remittances_for_user), unless finance sorts by a column.
        if self.request.GET.get("ordering"):
            return super().order_queryset(queryset)
        return queryset

    @property
    def columns(self):
        return [
            TitleColumn(
                "reference",
                label=_("Reference"),
                get_url=lambda remittance: reverse("remittances:inspect", args=[remittance.pk]),
            ),
            Column("courier", label=_("Courier")),
            Column("amount", label=_("Received"), accessor=_money("amount")),
            Column("expected_amount", label=_("To collect"), accessor=_money("expected_amount")),
            Column("difference", label=_("Difference"), accessor=_money("difference")),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda remittance: remittance.status == RemittanceStatus.FLAGGED,
            ),
            DateColumn("received_on", label=_("Received on")),
        ]

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        awaiting = reverse("remittances_awaiting")
        return [*buttons, HeaderButton(_("Cash with couriers"), awaiting, icon_name="tasks")]


class RemittanceCreateView(CreateView):
    page_title = gettext_lazy("Record a courier remittance")
    submit_button_label = gettext_lazy("Record")

    def get_initial(self):
        return {**super().get_initial(), **{"courier": self.request.GET.get("courier", "")}}

    def form_valid(self, form):
        self.form = form
        data = form.cleaned_data
        try:
            self.object = remittance_record(
                by=self.request.user,
                courier=data["courier"],
                reference=data["reference"],
                amount=data["amount"],
                received_on=data["received_on"],
                sub_order_ids=data["sub_order_ids"],
                note=data.get("note", ""),
            )
        except RemittanceError as error:
            form.add_error(None, str(error))
            self.produced_error_message = str(error)
            return self.form_invalid(form)
        if self.object.status == RemittanceStatus.FLAGGED:
            messages.warning(
                self.request,
                _(
                    "Remittance %(reference)s is flagged: it differs by %(difference)s from "
                    "what the courier had to collect. Nothing is available to the groups until "
                    "it is resolved."
                )
                % {
                    "reference": self.object.reference,
                    "difference": format_pkr(self.object.difference),
                },
            )
        else:
            messages.success(
                self.request,
                _("Remittance %(reference)s matches: the groups' earnings are released.")
                % {"reference": self.object.reference},
            )
        return redirect("remittances:inspect", self.object.pk)


class RemittanceInspectView(InspectView):
    template_name = "orders/remittances/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(remittances_for_user(self.request.user), pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        flagged = self.object.status == RemittanceStatus.FLAGGED
        context.update(
            {
                "remittance": self.object,
                "lines": self.object.lines.select_related("sub_order__order"),
                "resolve_form": kwargs.get("resolve_form") or RemittanceResolveForm()
                if flagged
                else None,
                "void_form": kwargs.get("void_form") or RemittanceVoidForm() if flagged else None,
            }
        )
        return context


def _remittance_or_404(request, remittance_id: int) -> CourierRemittance:
    return get_object_or_404(remittances_for_user(request.user), pk=remittance_id)


@require_POST
def remittance_resolve_view(request, remittance_id: int):
    remittance = _remittance_or_404(request, remittance_id)
    form = RemittanceResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not resolved: say how the difference was settled."))
        return redirect("remittances:inspect", remittance.pk)
    try:
        remittance_resolve(
            by=request.user,
            remittance_id=remittance.pk,
            note=form.cleaned_data["note"],
            correction=form.cleaned_data["correction"] or Decimal("0"),
        )
    except RemittanceError as error:
        messages.error(request, _("Not resolved: %(reason)s") % {"reason": error})
    else:
        messages.success(request, _("Resolved: the groups' earnings are released."))
    return redirect("remittances:inspect", remittance.pk)


@require_POST
def remittance_void_view(request, remittance_id: int):
    remittance = _remittance_or_404(request, remittance_id)
    form = RemittanceVoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not voided: say why."))
        return redirect("remittances:inspect", remittance.pk)
    try:
        remittance_void(
            by=request.user, remittance_id=remittance.pk, note=form.cleaned_data["note"]
        )
    except RemittanceError as error:
        messages.error(request, _("Not voided: %(reason)s") % {"reason": error})
        return redirect("remittances:inspect", remittance.pk)
    messages.success(request, _("Voided: its parcels can be recorded again."))
    return redirect(reverse("remittances:add") + f"?courier={remittance.courier}")
