"""Site-wide pages: robots.txt, sitemap.xml, error pages, language versions."""

import pytest

from catalog.models import ArtisanConsent
from tests.factories import make_artisan, make_group, make_product

pytestmark = pytest.mark.django_db


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_live_products_and_groups_only(client, site_tree):
    group = make_group()
    product = make_product(group, "Kashida cushion cover")
    make_product(group, "Unfinished draft", publish=False)
    make_artisan(group, "Hidden Artisan", ArtisanConsent.NOT_SHOWN)
    body = client.get("/sitemap.xml").content.decode()
    assert product.full_url in body
    assert group.full_url in body
    assert "unfinished-draft" not in body
    assert "hidden" not in body


def test_unknown_page_is_a_helpful_404(client, site_tree):
    response = client.get("/producers/no-such-group/")
    assert response.status_code == 404
    assert "Browse the shop" in response.content.decode()


def test_urdu_pages_are_right_to_left_and_link_back_to_english(client, site_tree, settings):
    html = client.get("/ur/shop/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    # The switcher goes through /language/en/ (which remembers the choice) to the same page.
    assert 'href="/language/en/?next=%2Fur%2Fshop%2F" lang="en"' in html
    site = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert f'<link rel="alternate" hreflang="en" href="{site}/shop/">' in html


def test_unprefixed_urls_stay_english_once_english_is_chosen(client, site_tree, settings):
    # Without a cookie an Urdu browser is sent to /ur/ (tests/marketplace/test_language_choice.py).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/shop/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert '<html lang="en" dir="ltr">' in html
