"""Isolate text of unknown direction, and mark its language, inside a page of another script.

`{{ product.title|isolate }}` on an Urdu page gives `<bdi lang="en">Ralli quilt</bdi>` for a
Latin-script title (so a screen reader switches voice and the bidi algorithm keeps its
punctuation and numbers with it), `<bdi lang="ur">…</bdi>` for Urdu text on an English page,
a plain `<bdi>` for mixed scripts (a list such as "Lahore, Punjab, پاکستان" is isolated part by
part), and the text alone when it is in the page's own script (so an Urdu title on an Urdu page,
once content is translated, needs nothing).

`<div class="story"{% content_lang page %}>` marks a block of content (rich text, stream
fields, several fields at once) with its language when that is not the page's:
` lang="en" dir="auto"` on an Urdu page. The language of a string is read from its script;
of a page, from its Wagtail locale once localisation is on (until then all content is in
the site's default language). Prefer the field to the page where there is one
(`{% content_lang page.description %}`): an Urdu version keeps English copies of the fields
not translated yet. Interface strings need neither: they are in the page's language.
"""

import re
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
# Latin letters, without × and ÷ (which sit in the same block).
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]")


def text_language(text: str) -> str | None:
    """'en' for Latin-script text, 'ur' for Arabic-script text, None for mixed or no letters."""
    latin, arabic = bool(LATIN_LETTER.search(text)), bool(ARABIC_LETTER.search(text))
    if latin and not arabic:
        return "en"
    if arabic and not latin:
        return "ur"
    return None


def _page_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


@register.filter(name="isolate")
def isolate(value: Any) -> str:
    if value is None or value == "":
        return ""
    text = str(value)
    language = text_language(text)
    page_language = _page_language()
    if language == page_language:
        return conditional_escape(value)
    if language is None and "," in text:
        separator = "، " if page_language == "ur" else ", "
        parts = (isolate(part.strip()) for part in text.split(",") if part.strip())
        return mark_safe(separator.join(parts))  # noqa: S308 (each part escaped)
    lang = f' lang="{language}"' if language else ""
    return mark_safe(f"<bdi{lang}>{conditional_escape(value)}</bdi>")  # noqa: S308 (escaped)


def interpolate_isolated(message: str, **values: Any) -> SafeString:
    """A translated message with %(name)s placeholders filled with content (a group's name),
    each value isolated (marked lang="en" on an Urdu page): for messages built in Python."""
    isolated = {name: isolate(value) for name, value in values.items()}
    return mark_safe(escape(message) % isolated)  # noqa: S308 (message and values escaped)


def content_language(source: object) -> str | None:
    """The language content is written in: a string's from its script (None: no letters or
    mixed; rich text by its words, not its tags), a page's from its locale when Wagtail
    localisation is on, else the default."""
    if isinstance(source, str):
        return text_language(strip_tags(source) if "<" in source else source)
    if source is not None and getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        locale = getattr(source, "locale", None)
        if locale is not None:
            return locale.language_code.split("-")[0]
    return settings.LANGUAGE_CODE.split("-")[0]


@register.simple_tag(name="content_lang")
def content_lang(source: object = None) -> SafeString:
    """` lang="en" dir="auto"` for an element holding content in another language, else ""."""
    language = content_language(source)
    if language is None or language == _page_language():
        return mark_safe("")
    return mark_safe(f' lang="{language}" dir="auto"')  # noqa: S308 (a language code)
