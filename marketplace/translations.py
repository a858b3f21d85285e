"""Pages in two languages, on Wagtail's localisation.

The English page is the *source*: its tree holds the URLs, and everything commercial keys on
it (variants, stock, orders, commercial terms, stalls, permissions). An Urdu version is a
Wagtail translation of it (same `translation_key`, locale `ur`) that carries only words:
title, description, story, schedule, photo captions.

Every page has one path, served in each language: `/ur/<path>` routes through the English
tree and serves the live Urdu version of the page found there, or the English page itself
when there is none (the template then shows a short notice and the content keeps
`lang="en"`). So the language switcher, the page cache and links never depend on whether a
page is translated yet.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import GroupPagePermission, Locale, Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from marketplace import page_cache

_default_locale_id: dict[str, int] = {}


def default_language() -> str:
    return settings.LANGUAGE_CODE.split("-")[0]


def active_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def default_locale_id() -> int:
    """The id of the source language's Locale (looked up once per process)."""
    language = default_language()
    if language not in _default_locale_id:
        _default_locale_id[language] = Locale.objects.get(language_code=language).pk
    return _default_locale_id[language]


def _locale_cache_reset(**_kwargs) -> None:
    _default_locale_id.clear()


def connect_locale_cache_reset() -> None:
    """Forget the cached locale id when locales change or the database is flushed (tests)."""
    # Imported here, with the function called from MarketplaceConfig.ready(): the locale
    # cache is wired only once the app registry is ready.
    from django.db.models.signals import post_delete, post_migrate, post_save

    post_save.connect(_locale_cache_reset, sender=Locale, dispatch_uid="locale-cache-saved")
    post_delete.connect(_locale_cache_reset, sender=Locale, dispatch_uid="locale-cache-deleted")
    post_migrate.connect(_locale_cache_reset, dispatch_uid="locale-cache-migrated")


def is_source(page: Page) -> bool:
    return page.locale_id == default_locale_id()


def source_page(page: Any) -> Any:
    """The page in the default language that `page` translates (itself when it is one)."""
    if is_source(page):
        return page
    cached = getattr(page, "_source_page", None)
    if cached is None:
        cached = (
            type(page)
            .objects.filter(translation_key=page.translation_key, locale_id=default_locale_id())
            .first()
        )
        # A page made directly in another language (by a superuser) is its own source.
        page._source_page = cached = cached or page
    return cached


def live_translation(page: Any, language: str | None = None) -> Any | None:
    """The live version of a source page in `language` (the active one), if it has one.

    Aliases do not count: their content is the source's, still in English."""
    language = language or active_language()
    if language == default_language() or not is_source(page):
        return None
    return (
        type(page)
        .objects.live()
        .filter(
            translation_key=page.translation_key,
            locale__language_code=language,
            alias_of__isnull=True,
        )
        .select_related("locale", *getattr(type(page), "route_related", ()))
        .first()
    )


def localize_titles(pages: Iterable[Any], language: str | None = None) -> list[Any]:
    """Source pages of a listing, with the title of their live translation where there is one
    (one query for the whole list; the objects stay the source pages, with their prices, stock
    and images, and their links lead to `/<language>/<path>`, which serves the translation)."""
    pages = list(pages)
    language = language or active_language()
    if language == default_language() or not pages:
        return pages
    model = type(pages[0])
    titles = dict(
        model.objects.live()
        .filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
            alias_of__isnull=True,
        )
        .values_list("translation_key", "title")
    )
    for page in pages:
        if page.translation_key in titles:
            page.title = titles[page.translation_key]
            page.content_language = language
    return pages


def source_ids(model: type[Page], pages: Sequence[Page]) -> list[int]:
    """Ids of the source pages of `pages` (in any language), in their order, without repeats:
    what a search over both languages gives to a listing of source pages."""
    keys = [page.translation_key for page in pages]
    by_key = dict(
        model.objects.filter(translation_key__in=keys, locale_id=default_locale_id()).values_list(
            "translation_key", "pk"
        )
    )
    found = (by_key.get(key) for key in keys)
    return list(dict.fromkeys(pk for pk in found if pk is not None))  # (in order, once each)


class TranslatedPageMixin:
    """For page models with an Urdu version: one URL per page and language (see above)."""

    def get_url_parts(self, request=None):
        source = source_page(self)
        language = active_language() if source is self else self.locale.language_code
        if language == default_language() or language not in dict(settings.LANGUAGES):
            return Page.get_url_parts(source, request)
        possible_sites = source._get_relevant_site_root_paths(request)
        if not possible_sites:
            return None
        site_id, root_path, root_url, _language = possible_sites[0]
        try:
            with translation.override(language):
                page_path = reverse("wagtail_serve", args=(source.url_path[len(root_path) :],))
        except NoReverseMatch:
            return (site_id, None, None)
        return (site_id, root_url, page_path)

    def get_view_restrictions(self):
        """Wagtail's restrictions of this page and, for a translation, of its source page
        too: `/ur/<path>` serves the Urdu version of the English page at <path>, which must
        not open what the English page keeps closed."""
        # Imported here: marketplace.serving imports marketplace.models, which imports this.
        from marketplace.serving import may_be_restricted

        source = source_page(self)
        pages = [self] if source is self else [self, source]
        if not any(may_be_restricted(page) for page in pages):  # (from the cache: no query)
            return PageViewRestriction.objects.none()
        restrictions = super().get_view_restrictions()
        for page in pages[1:]:
            restrictions = restrictions | Page.get_view_restrictions(page)
        return restrictions

    @property
    def is_untranslated(self) -> bool:
        """True when this English page is being shown on a page in another language."""
        return is_source(self) and active_language() != default_language()


@functools.cache
def _routes_plainly(page_class: type, below: type) -> bool:
    """Whether Wagtail's Page.route would route to a `page_class` page under a `below` page
    through pages that all route plainly by slug (no routable page or route override on the
    way, nor on the page itself)."""
    if getattr(page_class, "route", None) is not Page.route:
        return False
    parents = page_class.allowed_parent_page_models()  # type: ignore[attr-defined]
    return all(
        parent is below or parent is Page or _routes_plainly(parent, below) for parent in parents
    )


# How long the page found at a url_path is remembered (its id and class): the entry is
# checked against the page it names on every use (a kept page, by the tags that move with
# it), so it never routes to a page that moved.
ROUTE_MEMO_SECONDS = 24 * 60 * 60


def _route_memo_key(url_path: str) -> str:
    return f"route:{hashlib.sha256(url_path.encode()).hexdigest()}"


def _page_model(content_type_id: int) -> Any:
    # Page itself for a content type whose model was removed from the code.
    return ContentType.objects.get_for_id(content_type_id).model_class() or Page


def _specific_at(url_path: str, pk: int, content_type_id: int) -> Page | None:
    """Page `pk` as its own class, with what its page class says serving it reads
    (`route_related`, for select_related), if it is still at `url_path`."""
    model = _page_model(content_type_id)
    related = getattr(model, "route_related", ())
    return model._default_manager.select_related(*related).filter(pk=pk, url_path=url_path).first()


@functools.cache
def _row_shape(model: Any) -> str:  # (a model class)
    """A digest of the columns a kept page of `model` holds, its own and its `route_related`
    rows': part of the key, so that a release that changes them does not read the last
    release's copies."""
    related = getattr(model, "route_related", ())
    models = [model, *(model._meta.get_field(name).related_model for name in related)]
    columns = [field.attname for each in models for field in each._meta.concrete_fields]
    shape = ",".join([model._meta.label_lower, *related, *columns])
    return hashlib.sha256(shape.encode()).hexdigest()[:12]


def _kept_with_page(model: Any, pk: int, entry: str, make: Callable[[], Any]) -> Any:
    """`make()`, kept in the cache (`entry` names what it is) under the tag of page `pk`'s
    own cached page (`model.route_kept_tag(pk)`) and the site's, for at most
    CARD_CACHE_SECONDS (a page pickled: about 2-3 KB)."""
    name = f"route-{entry}:{_row_shape(model)}:{pk}"
    return page_cache.kept(name, [model.route_kept_tag(pk)], make, settings.CARD_CACHE_SECONDS)


def _specific_at_kept(url_path: str, memo_key: str, pk: int, content_type_id: int) -> Page | None:
    """`_specific_at`, kept in the cache for a live page whose class names the tag of its
    own cached page (`route_kept_tag(pk)`: product and group pages), which are then routed to
    with no query. A publish or unpublish moves that tag; a move, a new slug, a change to a
    craft or to a group's terms, a photo deleted, a release, the site's tag. So the page found
    is not older than its cached page would be (what moves neither, such as a group's staff
    team or payout account, is not shown). A page not live is not kept: deleted, it moves no
    tag. `memo_key`: the path's (`_route_memo_key`)."""
    model = _page_model(content_type_id)
    if not hasattr(model, "route_kept_tag"):
        return _specific_at(url_path, pk, content_type_id)
    read: list[Page | None] = []

    def live_page() -> Page | None:
        page = _specific_at(url_path, pk, content_type_id)
        read.append(page)
        return page if page is not None and page.live else None

    kept = _kept_with_page(model, pk, f"page:{memo_key}", live_page)
    return kept if kept is not None else read[0]  # (kept() called live_page: none was kept)


def _route_by_url_path(home: Page, path_components: list[str]) -> RouteResult | None:
    """The page at `path_components` under `home` found by its url_path, in one query when
    the cache remembers which page is there (none when it keeps the page itself: product and
    group pages), two when not (instead of two per level: a product page is four levels
    down), or None where this would not route as Wagtail does
    (a routable page, a route override, no such page)."""
    if not path_components:
        return None
    url_path = f"{home.url_path}{'/'.join(path_components)}/"
    memo_key = _route_memo_key(url_path)
    remembered = cache.get(memo_key)
    page = _specific_at_kept(url_path, memo_key, *remembered) if remembered else None
    if page is None:
        # url_path has no index; slug has (and is nearly unique).
        found = (
            Page.objects.filter(slug=path_components[-1], url_path=url_path)
            .values_list("pk", "content_type_id")
            .first()
        )
        if found is None:
            return None
        page = _specific_at_kept(url_path, memo_key, *found)
        if page is None:
            return None
        cache.set(memo_key, found, ROUTE_MEMO_SECONDS)
    if not _routes_plainly(page.__class__, home.__class__):
        return None
    if not page.live:
        raise Http404
    return RouteResult(page)


def _live_translation_kept(page: Page) -> Page | None:
    """`live_translation(page)`, kept like the page itself (`_specific_at_kept`): a publish or
    unpublish of a translation moves its source page's tag (catalog.page_cache_tags), and so
    does an alias made a page of its own (marketplace.page_cache._alias_converted)."""
    language = active_language()
    if not hasattr(page, "route_kept_tag") or language == default_language():
        return live_translation(page)
    found = _kept_with_page(
        type(page),
        page.pk,
        f"translation:{language}",
        lambda: (live_translation(page, language),),  # a tuple: "none" is kept too
    )
    return found[0]


def route_in_source_tree(home: Page, request, path_components: list[str]) -> RouteResult:
    """Route from the source language's home page, then swap in the live translation of the
    page found (keeping a routable page's sub-route arguments)."""
    source_home = source_page(home)
    result = _route_by_url_path(source_home, path_components) or Page.route(
        source_home, request, path_components
    )
    translated = _live_translation_kept(result.page)
    if translated is None:
        return result
    translated._source_page = result.page
    return RouteResult(translated, args=result.args, kwargs=result.kwargs)


def team_permissions_mirror(*, source: Page, translated: Page) -> None:
    """Give every team with permissions on `source` the same permissions on its translation,
    so group staff can edit the Urdu version of their own pages, and no one else's."""
    # Not "add": new pages are made in English, and translated from there.
    grants = GroupPagePermission.objects.filter(page=source).exclude(
        permission__codename="add_page"
    )
    for grant in grants:
        GroupPagePermission.objects.get_or_create(
            group_id=grant.group_id, page=translated, permission_id=grant.permission_id
        )


def page_translation_create(*, page: Page, user, language: str = "ur") -> Page:
    """The draft `language` version of a source page (or the one that exists), for `user` to
    translate and submit for moderation like any page. Refused unless `user` may edit the
    source page, so group staff translate their own group's pages only. Missing parents are
    created as drafts too, and each created page gets its source's team permissions."""
    page = page.specific
    if not is_source(page):
        raise PermissionDenied("Only a page in the default language has translations.")
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied("You may not edit this page.")
    locale = Locale.objects.get(language_code=language)
    with transaction.atomic():
        return translation_ensure(page, locale)


def translation_ensure(page: Page, locale: Locale) -> Page:
    """The `locale` version of a source page, made as a draft copy (parents too) when missing.
    No permission check: page_translation_create is the entry point for people."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    parent = page.get_parent().specific
    if not parent.is_root():
        translation_ensure(parent, locale)
    translated = page.copy_for_translation(locale)
    team_permissions_mirror(source=page, translated=translated)
    return translated
