"""Which language a visitor sees: the browser's on a first visit, then the one they chose.

- `LanguageRedirectMiddleware` (before the page cache): a GET of a page without a language
  prefix goes to the same page in the visitor's language when that is not the default:
  the language cookie decides if there is one (set only by the switcher), otherwise the
  browser's Accept-Language (`ur`, `ur-PK` -> /ur/...). Paths outside the translated URL
  patterns (admin, payments, sitemap, robots.txt, media) are never redirected. Pages with a
  prefix are never redirected: a link to /ur/... or /... always shows that language.
- `language_choose` (the switcher's links, `/language/<code>/?next=...`): remembers the choice
  in the language cookie and goes to the same page in that language. Plain links, no form, so
  the pages that carry them stay cacheable.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)
PREFIXES = tuple(f"/{code}/" for code in LANGUAGE_CODES)


def _has_language_prefix(path: str) -> bool:
    return path.startswith(PREFIXES) or path.strip("/") in LANGUAGE_CODES


def _is_translated_path(path: str) -> bool:
    """True for paths of the language-prefixed URL patterns (served in any language).

    Under a non-default language those patterns need their prefix, so an unprefixed path that
    still resolves is one of the untranslated patterns (admin, payments, sitemap...)."""
    other = next(code for code in LANGUAGE_CODES if code != settings.LANGUAGE_CODE)
    with translation.override(other):
        try:
            resolve(path)
        except Resolver404:
            return True
    return False


class LanguageRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if request.method not in ("GET", "HEAD") or _has_language_prefix(path):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        if language != settings.LANGUAGE_CODE and _is_translated_path(path):
            query = request.META.get("QUERY_STRING", "")
            script_prefix = request.path[: len(request.path) - len(path)]
            target = f"{script_prefix}/{language}{path}" + (f"?{query}" if query else "")
            response = HttpResponseRedirect(target)
        else:
            response = self.get_response(request)
        # The answer for an unprefixed path depends on these headers (shared caches too).
        patch_vary_headers(response, ("Accept-Language",))
        return response


@never_cache
@require_GET
def language_choose(request, code: str):
    """The switcher: remember `code` in the language cookie, then show `next` in it."""
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if code not in LANGUAGE_CODES:
        return HttpResponseRedirect(next_url)
    # `next` is a page in its own language (its prefix says which); resolve it in that one.
    source = translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    with translation.override(source):
        target = translate_url(next_url, code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # a setting: str
    )
    return response
