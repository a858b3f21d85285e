"""The catalog's part of the home page (registered from CatalogConfig.ready())."""

from typing import Any

from django.http import HttpRequest

from catalog.selectors import producer_group_directory, product_listing


def home_featured_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "featured_products": product_listing(in_stock=True)[:8],
        "featured_groups": producer_group_directory()[:6],
    }
