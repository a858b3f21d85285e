"""The Host header: a host not in ALLOWED_HOSTS gets 400 (never a cached page, never a 500),
and the absolute URLs in a page (og:url, og:image) come from SITE_URL, so a request under
another allowed host cannot put its host into the copy cached for everyone."""

import pytest
from django.conf import settings

from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(site_tree):
    return make_product(make_group(), "Khussa pair", price="2400", stock=3)


def test_a_bad_host_gets_400_even_when_the_page_is_cached(client, product):
    assert client.get(product.url)["X-Page-Cache"] == "miss"
    assert client.get(product.url)["X-Page-Cache"] == "hit"

    response = client.get(product.url, HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "X-Page-Cache" not in response
    assert "Khussa pair" not in response.content.decode()


def test_a_bad_host_on_an_uncached_page_gets_400(client, site_tree):
    assert client.get("/no-such-page/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/shop/", HTTP_HOST="evil.example").status_code == 400


def test_another_allowed_host_does_not_poison_the_cached_page(client, product, settings_obj):
    first = client.get(product.url, HTTP_HOST="alias.example")
    assert first.status_code == 200
    later = client.get(product.url)
    body = later.content.decode()
    assert "alias.example" not in body
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert f'<meta property="og:url" content="{site_url}{product.url}">' in body


@pytest.fixture
def settings_obj(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "alias.example"]
    return settings
