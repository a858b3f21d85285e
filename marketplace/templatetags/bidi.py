"""Isolate text of unknown direction, and mark its language, inside a page of another script.

`{{ product.title|isolate }}` on an Urdu page gives `<bdi lang="en">Ralli quilt</bdi>` for a
Latin-script title (so a screen reader switches voice and the bidi algorithm keeps its
punctuation and numbers with it), `<bdi lang="ur">…</bdi>` for Urdu text on an English page,
a plain `<bdi>` for mixed scripts, and the text alone when it is in the page's own script (so an
Urdu title on an Urdu page, once content is translated, needs nothing).
"""

import re
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def text_language(text: str) -> str | None:
    """'en' for Latin-script text, 'ur' for Arabic-script text, None for mixed or no letters."""
    latin, arabic = bool(LATIN_LETTER.search(text)), bool(ARABIC_LETTER.search(text))
    if latin and not arabic:
        return "en"
    if arabic and not latin:
        return "ur"
    return None


@register.filter(name="isolate")
def isolate(value: Any) -> str:
    if value is None or value == "":
        return ""
    language = text_language(str(value))
    page_language = (get_language() or "en").split("-")[0]
    if language == page_language:
        return conditional_escape(value)
    lang = f' lang="{language}"' if language else ""
    return mark_safe(f"<bdi{lang}>{conditional_escape(value)}</bdi>")  # noqa: S308 (escaped)
