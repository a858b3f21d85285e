"""Public catalog views that are not Wagtail pages: the shop listing and artisans directory."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from catalog.filters import ShopFilterSet
from catalog.listing_pages import listing_page
from catalog.page_cache_tags import GROUPS_TAG, SEARCH_TAG, listing_tags
from catalog.selectors import artisans_public, products_for_sale
from marketplace import page_cache
from marketplace.market_signals import signals_attach
from marketplace.translations import localize_titles


@require_safe
def shop(request):
    filterset = ShopFilterSet(request.GET or None, queryset=products_for_sale())
    products = filterset.qs  # (validates the form)
    search = filterset.form.cleaned_data.get("q") if filterset.is_bound else None
    # What chooses the listing, without the page and any parameter the form does not know
    # (a campaign tag in a shared link must not make a listing of its own).
    listing_query = urlencode(
        sorted(
            (name, value) for name, value in request.GET.lists() if name in filterset.form.fields
        ),
        doseq=True,
    )
    page = listing_page(
        products,
        request.GET.get("page"),
        request,
        listing_query=listing_query,
        # A search's results also move when a product's text does.
        listing_tags=(page_cache.LISTING_TAG, SEARCH_TAG) if search else (page_cache.LISTING_TAG,),
        lead=True,
    )
    page_cache.cache_tags_add(request, *listing_tags(page.object_list, search=bool(search)))
    query = request.GET.copy()
    query.pop("page", None)
    response = render(
        request,
        "catalog/shop.html",
        {
            "form": filterset.form,
            "filters_html": _filters_html(request, filterset.form, listing_query),
            "products": page,
            "query_string": query.urlencode(),
        },
    )
    if search and page.number == 1:  # one search, not one per page of its results
        signals_attach(
            response,
            search=search,
            results=page.paginator.count,
            language=get_language(),
        )
    return response


FILTERS_TEMPLATE = "catalog/includes/shop_filters.html"


def _filters_html(request, form, query_string: str) -> str:
    """The filter form's markup (the same for every page of a listing), kept per language
    and query until the choices it offers change (the tags of their cache: a group published
    or suspended, a craft or technique saved) or its template does."""
    digest = hashlib.sha256(query_string.encode()).hexdigest()
    markup = page_cache.template_version(FILTERS_TEMPLATE)
    html = page_cache.kept(
        f"shop-filters:{get_language()}:{digest}:{markup}",
        [GROUPS_TAG],
        lambda: render_to_string(FILTERS_TEMPLATE, {"form": form}, request).strip(),
        settings.CARD_CACHE_SECONDS,
    )
    return mark_safe(html)  # noqa: S308 (our own template's output, stored as rendered)


@require_safe
def artisan_directory(request):
    page = Paginator(artisans_public(), settings.SHOP_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = localize_titles(page.object_list)
    return render(request, "catalog/artisan_directory.html", {"artisans": page})
