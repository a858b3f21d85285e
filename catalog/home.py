"""The catalog's part of the home page (registered from CatalogConfig.ready())."""

from typing import Any

from django.http import HttpRequest

from catalog.selectors import producer_group_directory, product_listing
from marketplace.translations import localize_titles


def home_featured_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "featured_products": localize_titles(product_listing(in_stock=True)[:8]),
        "featured_groups": localize_titles(producer_group_directory()[:6]),
    }
