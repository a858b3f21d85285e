"""`{% responsive_image image "fill-{320x320,640x640} format-webp" sizes=... alt=... %}`: the
same <img srcset> as Wagtail's `{% srcset_image %}`, without rebuilding the image filters on
every render.

`srcset_image` parses its filter spec into new `Filter` objects each time it renders, and each
`Filter` works out its operations again (with `inspect.getcallargs` per operation): a listing of
40 cards did that 120 times a request. Here each spec is expanded and parsed once per process;
the renditions are still looked up per image (prefetched renditions first, as Wagtail does)
and created when missing. The <img> markup of a set of renditions is then kept per process,
keyed on everything it is made of (each rendition's file, width and height, the alt text and
the attributes): building it asked the storage for each file's URL (four times an image).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from wagtail.images.models import Filter, ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found

register = template.Library()

MARKUPS_KEPT = 4096
_markups: dict[tuple[Any, ...], SafeString] = {}


@lru_cache(maxsize=64)
def spec_filters(spec: str) -> tuple[Filter, ...]:
    """The filters of a `srcset_image`-style spec ("fill-{320x320,400x400} format-webp"),
    each built once: `Filter.operations` is computed on first use and kept."""
    return tuple(Filter(spec=expanded) for expanded in Filter.expand_spec(spec))


@register.simple_tag
def responsive_image(image: Any, spec: str, **attrs: Any) -> SafeString:
    """An <img> with a width-described srcset of `image` through each filter of `spec`, and
    `attrs` as its attributes (in their order, as `srcset_image` writes them); "" without an
    image."""
    if not image:
        return mark_safe("")
    renditions = get_renditions_or_not_found(image, spec_filters(spec))
    first = next(iter(renditions.values()))
    key = (
        tuple((r.file.name, r.width, r.height) for r in renditions.values()),
        getattr(first.file.storage, "base_url", None),
        first.alt,
        # The type too: a safe string is not escaped, True writes a bare attribute.
        tuple((name, type(value), str(value)) for name, value in attrs.items()),
    )
    markup = _markups.get(key)
    if markup is None:
        markup = mark_safe(ResponsiveImage(renditions, attrs).__html__())  # noqa: S308 (flatatt)
        if len(_markups) >= MARKUPS_KEPT:
            _markups.clear()
        _markups[key] = markup
    return markup


@register.simple_tag
def rendition(image: Any, spec: str) -> Any:
    """`{% rendition image "fill-1200x630 format-jpeg" as share %}`: what Wagtail's
    `{% image ... as name %}` gives. Where the image's renditions were prefetched (a product
    page's photos), this writes nothing to the cache; `{% image %}` (`Image.get_rendition`)
    stores the rendition again on every render. (Found in the cache or the database instead,
    both write it back.)"""
    filters = spec_filters(spec)
    if len(filters) != 1:
        raise template.TemplateSyntaxError(f"{{% rendition %}} takes one filter spec: {spec!r}")
    if not image:
        return None
    return next(iter(get_renditions_or_not_found(image, filters).values()))
