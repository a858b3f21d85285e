"""Content in two languages: a page's Urdu version is served on /ur/<path>, sells the source
page's variants, shows in listings and search; a page without one falls back to English
with a notice; group staff make Urdu versions of their own pages only."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from wagtail.models import Locale, Page

from catalog.models import ProductPage
from marketplace.translations import page_translation_create
from tests.cards import card_titles
from tests.factories import CraftCategoryFactory, make_group, make_product, make_staff
from tests.orders.conftest import add_to_cart

pytestmark = pytest.mark.django_db

URDU_TITLE = "ہاتھ کی کڑھائی والی شال"
NOTICE_UR = "اس صفحے کا اردو ورژن ابھی نہیں ہے"


def _urdu_version(page, user, title: str = URDU_TITLE, **fields):
    """The Urdu version of `page`, made by `user` and published (as a moderator would)."""
    translated = page_translation_create(page=page, user=user)
    translated.title = title
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


@pytest.fixture(autouse=True)
def _language_reset():
    """Requests to /ur/ leave Urdu active in this thread; later tests expect the default."""
    yield
    translation.activate("en")


@pytest.fixture
def catalog():
    category = CraftCategoryFactory(
        name="Hand embroidery", name_ur="ہاتھ کی کڑھائی", slug="hand-embroidery"
    )
    group = make_group("Lahore Embroidery Union")
    translated_product = make_product(group, "Embroidered shawl", category=category)
    english_only = make_product(group, "Ralli quilt", category=category)
    staff = make_staff(group)
    translation = _urdu_version(
        translated_product, staff, description="<p>ہاتھ سے کڑھی ہوئی اونی شال۔</p>"
    )
    return {
        "group": group,
        "translated": translated_product,
        "translation": translation,
        "english_only": english_only,
        "staff": staff,
    }


def _path(page) -> str:
    """A page's English path (a test's requests leave their language active)."""
    with translation.override("en"):
        return page.url


def _language_link(html: str, code: str) -> str:
    match = re.search(rf'<a href="([^"]+)"[^>]*hreflang="{code}"', html)
    assert match, f"no {code} link in the language switcher"
    return match.group(1)


def test_urdu_version_is_served_on_ur_with_the_source_variants(client, catalog):
    source, variant = catalog["translated"], catalog["translated"].variants.get()
    assert _path(catalog["translation"]) == f"/ur{_path(source)}"

    response = client.get(f"/ur{_path(source)}")

    html = response.content.decode()
    assert response.status_code == 200
    assert URDU_TITLE in html
    assert "ہاتھ سے کڑھی ہوئی اونی شال" in html
    assert NOTICE_UR not in html
    assert f'value="{variant.pk}"' in html  # the add-to-cart form sells the source's variant
    assert "ہاتھ کی کڑھائی" in html  # the craft by its Urdu name
    assert add_to_cart(client, variant).status_code == 302
    assert client.session["cart"] == {str(variant.pk): 1}


def test_page_without_urdu_version_shows_english_marked_with_a_notice(client, catalog):
    english_only = catalog["english_only"]

    urdu = client.get(f"/ur{_path(english_only)}").content.decode()
    english = client.get(_path(english_only)).content.decode()

    assert '<bdi lang="en">Ralli quilt</bdi>' in urdu
    assert NOTICE_UR in urdu
    assert NOTICE_UR not in english and "no Urdu version" not in english


@pytest.mark.parametrize("which", ["translated", "english_only"])
def test_language_switcher_round_trip(client, catalog, which):
    source = catalog[which]
    english = client.get(_path(source)).content.decode()
    # The switcher remembers the choice (marketplace.language_choice), then lands on the page.
    switch = client.get(_language_link(english, "ur"))
    urdu_url = switch["Location"]
    assert switch.status_code == 302 and urdu_url == f"/ur{_path(source)}"

    urdu = client.get(urdu_url)
    assert urdu.status_code == 200
    switch_back = client.get(_language_link(urdu.content.decode(), "en"))
    back = switch_back["Location"]
    assert back == _path(source)
    assert client.get(back).status_code == 200
    assert (URDU_TITLE in urdu.content.decode()) == (which == "translated")


def test_listings_on_ur_show_the_urdu_title_once_and_english_otherwise(client, catalog):
    urdu_shop = client.get("/ur/shop/").content.decode()
    english_shop = client.get("/shop/").content.decode()

    assert urdu_shop.count(URDU_TITLE) == 1
    assert ">Embroidered shawl<" not in urdu_shop  # (the photo's alt text is the source's)
    assert "Ralli quilt" in urdu_shop
    assert URDU_TITLE not in english_shop
    assert english_shop.count("Embroidered shawl") >= 1
    group_page = client.get(f"/ur{_path(catalog['group'])}").content.decode()
    assert URDU_TITLE in group_page


def test_search_on_ur_finds_urdu_titles(client, catalog):
    response = client.get("/ur/shop/", {"q": "شال"})

    html = response.content.decode()
    assert URDU_TITLE in html
    assert "Ralli quilt" not in html


def test_a_new_urdu_version_is_not_served_from_a_stale_page_cache(client, catalog):
    english_only = catalog["english_only"]
    client.get(f"/ur{_path(english_only)}")
    assert client.get(f"/ur{_path(english_only)}")["X-Page-Cache"] == "hit"

    _urdu_version(english_only, catalog["staff"], title="رلی")

    response = client.get(f"/ur{_path(english_only)}")
    assert "رلی" in response.content.decode() and NOTICE_UR not in response.content.decode()
    assert "Ralli quilt" in client.get(_path(english_only)).content.decode()


def test_a_new_urdu_version_shows_on_the_kept_urdu_cards(client, catalog, settings):
    settings.PAGE_CACHE_SECONDS = 0  # only the product cards are kept (catalog.cards)
    english_only = catalog["english_only"]
    assert "Ralli quilt" in card_titles(client.get("/ur/shop/"))

    _urdu_version(english_only, catalog["staff"], title="رلی")

    urdu_titles = card_titles(client.get("/ur/shop/"))
    assert "رلی" in urdu_titles and "Ralli quilt" not in urdu_titles
    assert "Ralli quilt" in card_titles(client.get("/shop/"))


def test_translations_share_the_source_terms_and_stay_out_of_business_queries(catalog):
    from catalog.selectors import product_listing, products_editable_by

    translation = ProductPage.objects.get(pk=catalog["translation"].pk)
    assert translation.producer_group_id == catalog["group"].pk
    assert not translation.variants.exists()
    editable = set(products_editable_by(catalog["staff"]).values_list("pk", flat=True))
    assert editable == {catalog["translated"].pk, catalog["english_only"].pk}
    assert translation.pk not in set(product_listing().values_list("pk", flat=True))


def _fresh(user):
    """The user read again: Wagtail caches a user's page permissions on the object."""
    return type(user).objects.get(pk=user.pk)


def test_staff_make_urdu_versions_of_their_own_pages_as_drafts_for_moderation(catalog):
    staff = _fresh(catalog["staff"])
    translated = page_translation_create(page=catalog["english_only"], user=staff)
    staff = _fresh(staff)

    assert translated.locale.language_code == "ur"
    assert not translated.live  # it goes through moderation like any page
    assert translated.permissions_for_user(staff).can_edit()
    assert not translated.permissions_for_user(staff).can_publish()
    urdu_group = catalog["group"].get_translation(Locale.objects.get(language_code="ur"))
    assert urdu_group.permissions_for_user(staff).can_edit()


def test_staff_cannot_make_or_edit_urdu_versions_of_another_groups_pages(client, catalog):
    other_group = make_group("Multan Blue Pottery Cooperative")
    other_product = make_product(other_group, "Blue plate")
    staff = _fresh(catalog["staff"])
    pages_before = Page.objects.count()

    with pytest.raises(PermissionDenied):
        page_translation_create(page=other_product, user=staff)
    client.force_login(staff)
    response = client.post(f"/admin/translate/{other_product.pk}/")

    assert response.status_code in (302, 403)
    assert Page.objects.count() == pages_before
    # Another group's Urdu version, once it exists, is not theirs to edit either.
    other_staff = make_staff(other_group)
    other_translation = page_translation_create(page=other_product, user=other_staff)
    assert not other_translation.permissions_for_user(staff).can_edit()
    assert client.get(f"/admin/pages/{other_translation.pk}/edit/").status_code in (302, 403)


def test_admin_action_makes_the_draft_and_opens_its_editor(client, catalog):
    client.force_login(catalog["staff"])
    english_only = catalog["english_only"]

    assert client.get(f"/admin/translate/{english_only.pk}/").status_code == 200
    response = client.post(f"/admin/translate/{english_only.pk}/")

    translated = english_only.get_translation(Locale.objects.get(language_code="ur"))
    assert response["Location"] == f"/admin/pages/{translated.pk}/edit/"
    assert client.get(response["Location"]).status_code == 200


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, HTTP_CACHE_CONTROL="no-cache").status_code == 200
    return len(queries)


@pytest.mark.parametrize("which", ["translated", "english_only"])
def test_urdu_page_costs_at_most_two_queries_more_than_english(client, catalog, settings, which):
    settings.PAGE_CACHE_SECONDS = 0  # measure rendering, not the page cache
    path = _path(catalog[which])
    _queries(client, path), _queries(client, f"/ur{path}")  # warm Wagtail's own caches

    english, urdu = _queries(client, path), _queries(client, f"/ur{path}")

    print(f"{which}: {english} queries in English, {urdu} on /ur/")
    assert urdu <= english + 2  # the Urdu version and the home page it is routed from
