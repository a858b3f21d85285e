"""Language choice: the browser's language on a first visit, then the visitor's own choice."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db

URDU_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "ur-PK,ur;q=0.9,en;q=0.8"}


@pytest.fixture
def quilt_path(site_tree):
    """The English path of a product page."""
    product = make_product(make_group("Thar Ralli Cooperative"), "Ralli quilt", stock=3)
    with translation.override("en"):
        return product.url


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/", "/ur/"),
        ("/shop/?craft=ralli&sort=price", "/ur/shop/?craft=ralli&sort=price"),
        ("/melas/", "/ur/melas/"),
        ("/cart/", "/ur/cart/"),
    ],
)
def test_an_urdu_browser_is_sent_to_the_urdu_page_on_its_first_visit(
    client, site_tree, path, target
):
    response = client.get(path, **URDU_BROWSER)
    assert response.status_code == 302 and response["Location"] == target
    assert "Accept-Language" in response["Vary"]


def test_the_urdu_browser_is_sent_to_urdu_even_when_the_english_page_is_cached(client, quilt_path):
    path = quilt_path
    assert client.get(path).status_code == 200
    assert client.get(path)["X-Page-Cache"] == "hit"
    response = client.get(path, **URDU_BROWSER)
    assert response.status_code == 302 and response["Location"] == "/ur" + path


@pytest.mark.parametrize("accept", ["en-GB,en;q=0.9", "pa-PK,pa;q=0.9", "", "*"])
def test_other_browsers_stay_on_the_english_page(client, site_tree, accept):
    response = client.get("/shop/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_no_redirect_once_the_visitor_chose_english(client, site_tree):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/shop/", **URDU_BROWSER)
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_a_page_with_a_language_prefix_is_never_redirected(client, site_tree):
    response = client.get("/ur/shop/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and '<html lang="ur"' in response.content.decode()


@pytest.mark.parametrize("path", ["/admin/login/", "/robots.txt", "/sitemap.xml"])
def test_paths_outside_the_translated_site_are_not_redirected(client, site_tree, path):
    assert client.get(path, **URDU_BROWSER).status_code == 200


def switcher_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="languages".*?</nav>', html, re.S)[0]
    return {
        code: href.replace("&amp;", "&")
        for href, code in re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav)
    }


def test_switcher_round_trip_keeps_the_page_and_remembers_the_choice(client, quilt_path):
    english_path = quilt_path

    # An English visitor switches to Urdu on a product page ...
    links = switcher_links(client.get(english_path).content.decode())
    response = client.get(links["ur"])
    assert response.status_code == 302 and response["Location"] == "/ur" + english_path
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"
    page = client.get(response["Location"])
    assert page.status_code == 200 and '<html lang="ur"' in page.content.decode()
    # ... the bare address now opens in Urdu (the choice is remembered) ...
    assert client.get("/")["Location"] == "/ur/"

    # ... and back to English from the Urdu page: the same product, remembered too.
    links = switcher_links(page.content.decode())
    response = client.get(links["en"])
    assert response.status_code == 302 and response["Location"] == english_path
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/", **URDU_BROWSER).status_code == 200


def test_switcher_sends_nowhere_outside_the_site(client, site_tree):
    response = client.get("/language/ur/?next=https://evil.example/")
    assert response["Location"] == "/ur/"
    response = client.get("/language/xx/?next=/shop/")
    assert response["Location"] == "/shop/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_pages_with_a_switcher_stay_cacheable(client, quilt_path):
    client.get(quilt_path)
    assert client.get(quilt_path)["X-Page-Cache"] == "hit"


ALTERNATE = r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"'


@pytest.mark.parametrize("prefix", ["", "/ur"])
def test_every_page_names_its_other_language_versions(client, quilt_path, prefix):
    site = settings.WAGTAILADMIN_BASE_URL
    for path in (quilt_path, "/shop/", "/cart/", "/melas/"):
        html = client.get(prefix + path).content.decode()
        alternates = dict(re.findall(ALTERNATE, html))
        assert alternates == {
            "en": site + path,
            "x-default": site + path,
            "ur": site + "/ur" + path,
        }, prefix + path
