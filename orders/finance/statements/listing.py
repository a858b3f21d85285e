"""The list of producer groups' statements on Wagtail's IndexView, with each group's balance,
what is available for payout and the cash still with couriers.

Rows come from statement_groups_for_user: platform staff see every group, a group's staff their
own (with one group they go straight to its statement), anyone else an empty list.
"""

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import ProducerGroupPage
from marketplace.admin_listings import ContentTitleColumn, MoneyColumn, ScopedIndexView
from orders.finance.ledger_selectors import statement_groups_for_user, with_courier_filter
from orders.selectors import manages_all_orders


def _sum(**filters) -> Coalesce:
    total = Sum("ledger_entries__amount", **filters)
    return Coalesce(total, Value(0), output_field=DecimalField(max_digits=14, decimal_places=2))


class StatementIndexView(ScopedIndexView):
    model = ProducerGroupPage
    context_object_name = "groups"
    index_url_name = "statements"
    index_results_url_name = "statements_results"
    page_title = gettext_lazy("Statements")
    header_icon = "doc-full"
    search_fields = ["title"]
    default_ordering = "group"
    orderings = {
        "group": ("title", "pk"),
        "balance": ("balance", "pk"),
        "available": ("available", "pk"),
        "with_courier": ("with_courier", "pk"),
    }
    export_filename = "statements"
    no_results_message = gettext_lazy("There are no statements for you to see.")

    def user_may_list(self, user) -> bool:
        return True  # the rows are the user's own: statement_groups_for_user

    def get(self, request, *args, **kwargs):
        if not manages_all_orders(request.user):
            own = list(statement_groups_for_user(request.user)[:2])
            if len(own) == 1:
                return redirect("statements_group", own[0].pk)
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        return statement_groups_for_user(self.request.user).annotate(
            balance=_sum(),
            available=_sum(filter=Q(ledger_entries__available_from__lte=timezone.now())),
            with_courier=_sum(filter=with_courier_filter("ledger_entries__")),
        )

    @cached_property
    def columns(self):
        return [
            ContentTitleColumn(
                "group",
                label=_("Producer group"),
                accessor="title",
                sort_key="group",
                get_url=lambda group: reverse("statements_group", args=[group.pk]),
            ),
            MoneyColumn("balance", label=_("Balance"), sort_key="balance"),
            MoneyColumn("available", label=_("Available for payout"), sort_key="available"),
            MoneyColumn("with_courier", label=_("Cash with courier"), sort_key="with_courier"),
        ]
