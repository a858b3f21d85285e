"""Product cards (templates/includes/product_card.html) rendered once and kept in the cache.

A listing page knows which products it shows (their ids, from one narrow query) before it
renders anything. Each card's HTML is kept per product, language and position under the
versions of the tags that make it stale (marketplace.page_cache): the product's card
(`card:<id>`, moved by a publish of the product in either language and by a change of its
price, stock or photo: catalog.page_cache_tags), its group's profile (`group-profile:<id>`: the
group's name) and the site. So a page the page cache misses reads the products behind the
cards that changed since they were last shown, and renders those only.

A card rendered while its tags move is stored under the versions read before it was rendered,
which a change has already replaced (tags move at once and again after commit): it is never
shown again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from catalog.page_cache_tags import card_tag, group_profile_tag
from catalog.selectors import products_for_sale
from marketplace import page_cache
from marketplace.translations import localize_titles

CARD_TEMPLATE = "includes/product_card.html"
# The first cards of the shop fetch their photo at once (the template's card_position).
EAGER_POSITIONS = 2


@dataclass(frozen=True)
class CardRef:
    """A product a listing page shows, before its card is rendered."""

    pk: int
    group_id: int | None


@dataclass(frozen=True)
class ProductCard:
    """A product's card as a listing shows it."""

    pk: int
    html: SafeString

    def __str__(self) -> str:
        return self.html


def _position(index: int, lead: bool) -> int:
    """The card_position the template is given: 1 and 2 on a listing's first screen (`lead`),
    otherwise one past them (any later position renders the same card)."""
    return min(index + 1, EAGER_POSITIONS + 1) if lead else EAGER_POSITIONS + 1


def _cache_keys(refs: Sequence[CardRef], lead: bool) -> list[str] | None:
    """The key of each card, or None when the tags' versions cannot be read (the cache is
    down: nothing is read or kept)."""
    tags_of = [(card_tag(ref.pk), group_profile_tag(ref.group_id or 0)) for ref in refs]
    versions = page_cache.tag_versions({tag for pair in tags_of for tag in pair})
    if not all(versions.values()):
        return None
    site = versions[page_cache.SITE_TAG]
    prefix = f"card-html:{page_cache.template_version(CARD_TEMPLATE)}:{get_language()}"
    return [
        f"{prefix}:{_position(index, lead)}:{ref.pk}:{site}-{versions[card]}-{versions[group]}"
        for index, (ref, (card, group)) in enumerate(zip(refs, tags_of, strict=True))
    ]


def product_cards(refs: Sequence[CardRef], request, *, lead: bool = False) -> list[ProductCard]:
    """The cards of `refs`, in their order, from the cache where it holds them. A product no
    longer for sale since its id was read is left out. `lead`: these are the first cards of
    a listing's first screen, whose photos load at once."""
    if not refs:
        return []
    keys = _cache_keys(refs, lead) if settings.CARD_CACHE_SECONDS else None
    kept = keys is not None
    if keys is None:  # nothing kept: each card is told by its position, for this render only
        keys = [f"card:{index}" for index in range(len(refs))]
    cached: dict[str, str] = cache.get_many(keys) if kept else {}
    missing = [ref.pk for ref, key in zip(refs, keys, strict=True) if key not in cached]
    rendered: dict[str, str] = {}
    if missing:
        products = {product.pk: product for product in localize_titles(_products(missing))}
        template = get_template(CARD_TEMPLATE)
        for index, (ref, key) in enumerate(zip(refs, keys, strict=True)):
            if key not in cached and ref.pk in products:
                context = {
                    "product": products[ref.pk],
                    "card_position": _position(index, lead),
                    "request": request,
                }
                rendered[key] = template.render(context)
        if kept:
            cache.set_many(rendered, settings.CARD_CACHE_SECONDS)
    cards = []
    for ref, key in zip(refs, keys, strict=True):
        html = cached.get(key) or rendered.get(key)
        if html is not None:
            # Our own template's output, stored as rendered.
            cards.append(ProductCard(ref.pk, mark_safe(html)))  # noqa: S308
    return cards


def _products(ids: list[int]):
    return products_for_sale().filter(pk__in=ids).order_by()
