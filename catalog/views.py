"""Public catalog views that are not Wagtail pages: the shop listing and artisans directory."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from catalog.filters import ShopFilterSet
from catalog.listing_pages import listing_page
from catalog.page_cache_tags import SEARCH_TAG, listing_tags
from catalog.selectors import artisans_public, products_for_sale
from marketplace import page_cache
from marketplace.market_signals import signals_attach
from marketplace.translations import localize_titles


@require_safe
def shop(request):
    filterset = ShopFilterSet(request.GET or None, queryset=products_for_sale())
    page = listing_page(
        filterset.qs,
        request.GET.get("page"),
        request,
        count_tags=(page_cache.LISTING_TAG, SEARCH_TAG),
        lead=True,
    )
    search = filterset.form.cleaned_data.get("q") if filterset.is_bound else None
    page_cache.cache_tags_add(request, *listing_tags(page.object_list, search=bool(search)))
    query = request.GET.copy()
    query.pop("page", None)
    response = render(
        request,
        "catalog/shop.html",
        {"form": filterset.form, "products": page, "query_string": query.urlencode()},
    )
    if search and page.number == 1:  # one search, not one per page of its results
        signals_attach(
            response,
            search=search,
            results=page.paginator.count,
            language=get_language(),
        )
    return response


@require_safe
def artisan_directory(request):
    page = Paginator(artisans_public(), settings.SHOP_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = localize_titles(page.object_list)
    return render(request, "catalog/artisan_directory.html", {"artisans": page})
