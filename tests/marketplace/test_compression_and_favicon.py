"""Pages are sent compressed to clients that ask for it, from the page cache too; /favicon.ico
is a real icon."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_favicon_is_served_as_an_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert int(response["Content-Length"]) < 4000


def test_pages_are_gzipped_for_clients_that_accept_it_and_plain_for_others(client, site_tree):
    plain_first = client.get("/shop/")  # fills the page cache
    zipped = client.get("/shop/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = client.get("/shop/")

    assert zipped["X-Page-Cache"] == "hit" and plain["X-Page-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    html = gzip.decompress(zipped.content).decode()
    assert "<h1>Shop</h1>" in html and len(zipped.content) < len(html) / 2
    assert "Content-Encoding" not in plain
    assert plain.content == plain_first.content and "<h1>Shop</h1>" in plain.content.decode()
