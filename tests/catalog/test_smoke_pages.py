import pytest

from tests.factories import make_artisan, make_group, make_product


@pytest.mark.django_db
def test_public_pages_render(client, site_tree):
    group = make_group()
    make_artisan(group)
    product = make_product(group)
    for url in [
        "/",
        "/shop/",
        "/producers/",
        group.url,
        product.url,
        "/artisans/",
        "/ur/shop/",
        "/sitemap.xml",
        "/robots.txt",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
