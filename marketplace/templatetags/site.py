from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """This page in every site language: `url` for hreflang alternates, `switch_url` for the
    switcher (remembers the choice in the language cookie, marketplace/language_choice.py).
    Plain links: no form, so pages stay cacheable."""
    request = context["request"]
    here = urlencode({"next": request.get_full_path()})
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "switch_url": reverse("language_choose", args=[code]) + "?" + here,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()
