"""Finance's list of producer groups in debt, on Wagtail's generic IndexView: searchable by
name, sortable by amount owed, since when, and last payout.

Only orders.manage_payouts (the Finance group) gets in, as on the payouts screens; the rows
come from groups_in_debt_for_user, which is empty for anyone else. "In debt since" is worked
out from each group's latest entries (orders.finance.debt_selectors.in_debt_since), so sorting by it
happens in Python over the groups in debt, a short list.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import IndexView

from catalog.models import ProducerGroupPage
from marketplace.money import format_pkr
from orders.finance.debt_selectors import groups_in_debt_for_user, in_debt_since
from orders.finance.payout_selectors import manages_payouts
from orders.models import PayoutStatus

SINCE = "in_debt_since"


def _date(value) -> str:
    return date_format(timezone.localtime(value), "j M Y") if value else ""


def _last_payout(group) -> str:
    if not group.last_payout_id:
        return _("None yet")
    status = PayoutStatus(group.last_payout_status).label
    return f"PO-{group.last_payout_id:06d} · {status} · {_date(group.last_payout_at)}"


class GroupsInDebtView(IndexView):
    model = ProducerGroupPage
    permission_policy = None  # finance only: checked in dispatch, as on the payouts screens
    any_permission_required = None
    index_url_name = "payouts_groups_in_debt"
    index_results_url_name = "payouts_groups_in_debt_results"
    page_title = gettext_lazy("Groups in debt")
    header_icon = "warning"
    search_fields = ["title"]
    search_backend_name = None  # the database, not the page search index
    default_ordering = "-owed"
    paginate_by = 50
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Producer group"),
            sort_key="title",
            get_url=lambda group: reverse("statements_group", args=[group.pk]),
        ),
        Column(
            "owed",
            label=gettext_lazy("Owed to the platform"),
            sort_key="owed",
            accessor=lambda group: format_pkr(group.owed),
        ),
        Column(
            SINCE,
            label=gettext_lazy("In debt since"),
            sort_key=SINCE,
            accessor=lambda group: _date(group.in_debt_since),
        ),
        Column(
            "last_payout_at",
            label=gettext_lazy("Last payout"),
            sort_key="last_payout_at",
            accessor=_last_payout,
        ),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not manages_payouts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return groups_in_debt_for_user(self.request.user)

    def get_breadcrumbs_items(self):
        payouts = {"url": reverse("payouts"), "label": _("Payouts")}
        return [*self.breadcrumbs_items, payouts, {"url": "", "label": self.get_page_title()}]

    def order_queryset(self, queryset):
        if self.ordering in (SINCE, f"-{SINCE}"):
            return queryset.order_by("pk")  # sorted in Python, in get_queryset
        return queryset.order_by(self.ordering, "pk")

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.ordering not in (SINCE, f"-{SINCE}"):
            return queryset
        groups = _with_since(list(queryset))
        now = timezone.now()
        groups.sort(
            key=lambda group: group.in_debt_since or now, reverse=self.ordering.startswith("-")
        )
        return groups

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = _with_since(list(page.object_list))
        return paginator, page, page.object_list, is_paginated


def _with_since(groups: list) -> list:
    for group in groups:
        if not hasattr(group, SINCE):
            group.in_debt_since = in_debt_since(group, balance=group.balance)
    return groups
