"""The market information screen in the admin (thin: the selectors decide what is shown)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalog.market.selectors import (
    PERIOD_DAYS,
    PRICE_BANDS,
    WATCHED_DAYS,
    group_product_figures,
    market_groups_for_user,
    out_of_stock_watched,
    sees_all_market_information,
    selling_crafts,
    unmet_searches,
)


@require_safe
def market_information(request: HttpRequest) -> TemplateResponse:
    groups = market_groups_for_user(request.user)
    sees_all = sees_all_market_information(request.user)
    if not sees_all and not groups.exists():
        raise PermissionDenied
    chosen = request.GET.get("group", "")
    group = groups.filter(pk=chosen).first() if chosen.isdigit() else None
    if group is None and not sees_all:
        group = groups.first()  # a group's staff: their own group
    return TemplateResponse(
        request,
        "catalog/market/market_information.html",
        {
            "page_title": _("Market information"),
            "header_icon": "view",
            "group": group,
            "group_choices": groups.only("pk", "title") if sees_all or groups.count() > 1 else [],
            "unmet_searches": unmet_searches(),
            "price_bands": [label for _lowest, label in PRICE_BANDS],
            "selling_crafts": selling_crafts(),
            "products": group_product_figures(group) if group else [],
            "out_of_stock": out_of_stock_watched(group) if group else [],
            "period_days": PERIOD_DAYS,
            "watched_days": WATCHED_DAYS,
        },
    )
