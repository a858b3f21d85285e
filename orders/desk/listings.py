"""The order desk's listings on Wagtail's IndexView: the sub-orders (a group's staff see their
own group's, platform staff every group's) and the transfers awaiting verification (finance).

Rows come only from orders.selectors.sub_orders_for_user and transfers_awaiting_verification,
so filters, sorting, pages and the CSV/XLSX downloads never reach another group's orders.
"""

import django_filters
from django import forms
from django.contrib.auth.context_processors import PermWrapper
from django.db.models import Count, F, Sum
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton

from catalog.models import ProducerGroupPage
from marketplace.admin_listings import (
    ContentColumn,
    ContentTitleColumn,
    MoneyColumn,
    ScopedIndexView,
    TemplateColumn,
)
from marketplace.templatetags.bidi import interpolate_isolated
from orders.desk.access import (
    manages_all_orders,
    transfers_awaiting_verification,
    verifies_transfers,
)
from orders.models import Payment, PaymentStatus, SubOrder, SubOrderStatus, TransferProvider
from orders.selectors import producer_groups_of, sub_orders_for_user


class PlacedPeriodForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("placed_from"), cleaned.get("placed_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned


class SubOrderFilterSet(WagtailFilterSet):
    """The desk's filters, with the query parameters the desk has always used."""

    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=SubOrderStatus.choices
    )
    payment_status = django_filters.ChoiceFilter(
        label=gettext_lazy("Payment"),
        field_name="order__payment_status",
        choices=PaymentStatus.choices,
    )
    placed_from = django_filters.DateFilter(
        label=gettext_lazy("Placed from"),
        field_name="order__created_at",
        lookup_expr="date__gte",
        widget=AdminDateInput,
    )
    placed_to = django_filters.DateFilter(
        label=gettext_lazy("Placed until"),
        field_name="order__created_at",
        lookup_expr="date__lte",
        widget=AdminDateInput,
    )
    group = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Producer group"),
        field_name="producer_group",
        queryset=ProducerGroupPage.objects.order_by("title"),
    )

    class Meta:
        model = SubOrder
        fields: list[str] = []
        form = PlacedPeriodForm

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not manages_all_orders(request.user):
            del self.filters["group"]  # a group's staff filter only their own sub-orders


class SubOrderIndexView(ScopedIndexView):
    model = SubOrder
    context_object_name = "sub_orders"
    index_url_name = "orders_desk"
    index_results_url_name = "orders_desk_results"
    template_name = "marketplace/admin/index_with_intro.html"
    page_title = gettext_lazy("Orders")
    header_icon = "list-ul"
    filterset_class = SubOrderFilterSet
    search_fields = ["order__number", "order__contact_name"]
    paginate_by = 30
    default_ordering = "-placed"
    orderings = {
        "number": ("order__number", "pk"),
        "placed": ("order__created_at", "pk"),
        "group": ("producer_group_name", "pk"),
        "buyer": ("order__contact_name", "pk"),
        "items": ("item_count", "pk"),
        "total": ("total_amount", "pk"),
        "payment": ("order__payment_status", "pk"),
        "status": ("status", "pk"),
    }
    export_filename = "orders"
    extra_export = {
        "courier": gettext_lazy("Courier"),
        "tracking_number": gettext_lazy("Tracking number"),
    }

    def user_may_list(self, user) -> bool:
        return self.platform or verifies_transfers(user) or producer_groups_of(user).exists()

    @cached_property
    def platform(self) -> bool:
        return manages_all_orders(self.request.user)

    def get_base_queryset(self):
        return (
            sub_orders_for_user(self.request.user)
            .select_related("order")
            .annotate(
                item_count=Sum("lines__quantity"),
                line_count=Count("lines"),
                total_amount=F("items_total") + F("delivery_charge"),
            )
        )

    @cached_property
    def columns(self):
        platform = self.platform

        def order_url(sub_order):
            if platform:
                return reverse("orders_desk_order", args=[sub_order.order_id])
            return reverse("orders_desk_sub_order", args=[sub_order.pk])

        columns = [
            TitleColumn(
                "number",
                label=_("Order"),
                accessor="order.number",
                sort_key="number",
                get_url=order_url,
            ),
            DateColumn("placed", label=_("Placed"), accessor="order.created_at", sort_key="placed"),
        ]
        if platform:
            columns.append(
                ContentTitleColumn(
                    "group",
                    label=_("Producer group"),
                    accessor="producer_group_name",
                    sort_key="group",
                    get_url=lambda sub_order: reverse("orders_desk_sub_order", args=[sub_order.pk]),
                )
            )
        return [
            *columns,
            ContentColumn(
                "buyer", label=_("Buyer"), accessor="order.contact_name", sort_key="buyer"
            ),
            Column("items", label=_("Items"), accessor="item_count", sort_key="items"),
            MoneyColumn("total", label=_("Total"), sort_key="total"),
            Column(
                "payment",
                label=_("Payment"),
                accessor="order.get_payment_status_display",
                sort_key="payment",
            ),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                sort_key="status",
                primary=lambda sub_order: sub_order.status == SubOrderStatus.NEW,
            ),
        ]

    @cached_property
    def header_buttons(self):
        if not verifies_transfers(self.request.user):
            return []
        waiting = transfers_awaiting_verification(self.request.user).count()
        label = ngettext(
            "%(counter)s transfer awaiting verification",
            "%(counter)s transfers awaiting verification",
            waiting,
        ) % {"counter": waiting}
        return [HeaderButton(label, reverse("orders_desk_transfers"), icon_name="tick")]

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return _("No sub-orders match these filters.")
        if self.platform:
            return _("No orders yet.")
        return _(
            "No orders yet. When a buyer orders your products, the order appears here for you "
            "to pack and ship."
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.platform:
            names = ", ".join(group.title for group in producer_groups_of(self.request.user))
            context["listing_intro"] = (
                interpolate_isolated(
                    _(
                        "Sub-orders of %(groups)s: pack and ship each parcel once the order is "
                        "paid or is cash on delivery."
                    ),
                    groups=names,
                )
                if names
                else ""
            )
        return context


class TransferFilterSet(WagtailFilterSet):
    provider = django_filters.ChoiceFilter(
        label=gettext_lazy("Via"), choices=TransferProvider.choices
    )

    class Meta:
        model = Payment
        fields: list[str] = []


class TransferIndexView(ScopedIndexView):
    """Finance's queue: each transfer reference with its decision buttons, oldest first."""

    model = Payment
    context_object_name = "payments"
    index_url_name = "orders_desk_transfers"
    index_results_url_name = "orders_desk_transfers_results"
    template_name = "marketplace/admin/index_with_intro.html"
    page_title = gettext_lazy("Transfers awaiting verification")
    header_icon = "tick"
    filterset_class = TransferFilterSet
    search_fields = ["order__number", "order__contact_name", "reference"]
    default_ordering = "submitted"
    orderings = {
        "number": ("order__number", "pk"),
        "submitted": ("created_at", "pk"),
        "via": ("provider", "pk"),
        "amount": ("amount", "pk"),
    }
    export_filename = "transfers-awaiting-verification"
    no_results_message = gettext_lazy(
        "No transfers are waiting: every reference the buyers sent has been checked."
    )

    def user_may_list(self, user) -> bool:
        return verifies_transfers(user)

    def get_base_queryset(self):
        return transfers_awaiting_verification(self.request.user)

    @cached_property
    def columns(self):
        platform = manages_all_orders(self.request.user)
        extra = {"perms": PermWrapper(self.request.user)}  # _reference_reused.html links by perms
        return [
            TitleColumn(
                "number",
                label=_("Order"),
                accessor="order.number",
                sort_key="number",
                get_url=(lambda payment: reverse("orders_desk_order", args=[payment.order_id]))
                if platform
                else None,
            ),
            TemplateColumn(
                "buyer",
                label=_("Buyer"),
                accessor="order.contact_name",
                template_name="orders/admin/_transfer_buyer_cell.html",
                exported=True,
            ),
            DateColumn(
                "submitted", label=_("Submitted"), accessor="created_at", sort_key="submitted"
            ),
            Column("via", label=_("Via"), accessor="get_provider_display", sort_key="via"),
            TemplateColumn(
                "reference",
                label=_("Reference"),
                template_name="orders/admin/_transfer_reference_cell.html",
                extra=extra,
                exported=True,
            ),
            MoneyColumn("amount", label=_("Amount due"), sort_key="amount"),
            TemplateColumn(
                "decision",
                label=_("Decision"),
                template_name="orders/admin/_transfer_decision_cell.html",
                extra={"csrf_token": get_token(self.request)},
            ),
        ]

    def get_breadcrumbs_items(self):
        desk = {"url": reverse("orders_desk"), "label": _("Orders")}
        return [*self.breadcrumbs_items, desk, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["listing_intro"] = _(
            "Check each reference against the bank or wallet statement before approving: an "
            "approved order is shipped by its producer groups."
        )
        return context
