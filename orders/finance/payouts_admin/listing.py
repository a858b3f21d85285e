"""Finance's payouts listing on Wagtail's IndexView, with the panels above it: building payouts,
the bank and wallet export, groups owed but not payable, and groups in debt.

Only orders.manage_payouts gets in; the rows come from payouts_for_user (empty for anyone else).
"""

import django_filters
from django.conf import settings
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn

from catalog.models.groups import PayoutMethod
from marketplace.admin_listings import (
    ContentColumn,
    MoneyColumn,
    ScopedIndexView,
    TemplateColumn,
)
from marketplace.money import format_pkr
from orders.finance.debt_selectors import groups_in_debt_for_user
from orders.finance.payout_selectors import (
    groups_owed,
    manages_payouts,
    manual_payouts,
    payout_totals,
    payouts_for_user,
)
from orders.finance.payouts import MANUAL_METHODS
from orders.models import Payout, PayoutStatus


class PayoutFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=PayoutStatus.choices)
    method = django_filters.ChoiceFilter(label=gettext_lazy("Method"), choices=PayoutMethod.choices)

    class Meta:
        model = Payout
        fields: list[str] = []


class PayoutIndexView(ScopedIndexView):
    model = Payout
    context_object_name = "payouts"
    index_url_name = "payouts"
    index_results_url_name = "payouts_results"
    template_name = "orders/payouts/payout_index.html"
    results_template_name = "orders/payouts/payout_index_results.html"
    page_title = gettext_lazy("Payouts")
    header_icon = "list-ol"
    filterset_class = PayoutFilterSet
    search_fields = ["producer_group__title"]  # ?q= as before
    default_ordering = "-number"
    orderings = {
        "number": ("pk",),
        "group": ("producer_group__title", "pk"),
        "amount": ("amount", "pk"),
        "method": ("method", "pk"),
        "status": ("status", "pk"),
        "created": ("created_at", "pk"),
        "closed": ("closed_at", "pk"),
    }
    export_filename = "payouts"

    def user_may_list(self, user) -> bool:
        return manages_payouts(user)

    def get_base_queryset(self):
        return payouts_for_user(self.request.user)

    @cached_property
    def columns(self):
        return [
            TemplateColumn(
                "select",
                label=_("Select for export"),
                template_name="orders/payouts/_select_cell.html",
                extra={"manual_methods": [str(method) for method in MANUAL_METHODS]},
            ),
            TitleColumn(
                "number",
                label=_("Payout"),
                sort_key="number",
                get_url=lambda payout: reverse("payouts_detail", args=[payout.pk]),
            ),
            ContentColumn(
                "group",
                label=_("Producer group"),
                accessor="producer_group.title",
                sort_key="group",
            ),
            MoneyColumn("amount", label=_("Amount"), sort_key="amount"),
            Column("method", label=_("Method"), accessor="get_method_display", sort_key="method"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                sort_key="status",
                primary=lambda payout: payout.is_open,
            ),
            Column("reference", label=_("Reference")),
            DateColumn("created", label=_("Created"), accessor="created_at", sort_key="created"),
            DateColumn(
                "closed", label=_("Paid or failed"), accessor="closed_at", sort_key="closed"
            ),
        ]

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return _("No payouts match these filters.")
        return _(
            "No payouts yet. A payout is built for each group whose available balance reaches "
            '%(minimum)s, by the scheduled run or with "Build payouts now".'
        ) % {"minimum": format_pkr(settings.PAYOUT_MINIMUM)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.results_only:
            return {**context, "totals": payout_totals(self.object_list)}
        user = self.request.user
        owed = groups_owed(settings.PAYOUT_MINIMUM)
        context.update(
            {
                "totals": payout_totals(self.object_list),
                "pending_manual_count": manual_payouts(user, status=PayoutStatus.PENDING).count(),
                "processing_manual_count": manual_payouts(
                    user, status=PayoutStatus.PROCESSING
                ).count(),
                "not_payable": [row for row in owed if row.problem],
                "payable_count": sum(1 for row in owed if not row.problem),
                "payout_minimum": settings.PAYOUT_MINIMUM,
                "groups_in_debt_count": groups_in_debt_for_user(user).count(),
            }
        )
        return context
