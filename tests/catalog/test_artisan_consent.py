"""No artisan's full name or photo appears on a public page without her recorded consent."""

import io

import pytest
from django.core.files.images import ImageFile

from catalog.models import ArtisanConsent
from tests.factories import ImageFactory, make_artisan, make_group, make_product, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def credited(site_tree):
    group = make_group()
    photo = ImageFactory(
        collection=group.collection,
        title="portrait",
        file=ImageFile(io.BytesIO(png_bytes()), name="portrait.png"),
    )
    artisans = {
        "full": make_artisan(group, "Shahida Parveen", ArtisanConsent.FULL_NAME, photo=photo),
        "first": make_artisan(group, "Nasreen Akhtar", ArtisanConsent.FIRST_NAME, photo=photo),
        "hidden": make_artisan(group, "Zubaida Khatoon", ArtisanConsent.NOT_SHOWN, photo=photo),
    }
    product = make_product(group, "Sindhi cap")
    product.artisans.set(artisans.values())
    product.save_revision().publish()
    return group, product, artisans, photo


def public_pages(client, group, product, artisans):
    urls = [
        "/",
        "/shop/",
        "/shop/?q=Sindhi",
        "/producers/",
        group.url,
        product.url,
        "/artisans/",
        "/sitemap.xml",
        "/ur/artisans/",
        artisans["full"].url,
        artisans["first"].url,
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()


def test_names_follow_consent_on_every_public_page(client, credited):
    group, product, artisans, _photo = credited
    seen_full_name = seen_first_name = False
    for url, html in public_pages(client, group, product, artisans):
        assert "Akhtar" not in html, url
        assert "Zubaida" not in html and "Khatoon" not in html, url
        seen_full_name |= "Shahida Parveen" in html
        seen_first_name |= "Nasreen" in html
    assert seen_full_name and seen_first_name


def test_product_page_credits_each_artisan_as_consented(client, credited):
    _group, product, _artisans, _photo = credited
    html = client.get(product.url).content.decode()
    assert "Shahida Parveen" in html
    assert "Nasreen" in html
    assert "1 artisan of the group who is not named" in html  # counted, never named


def test_hidden_artisan_has_no_public_page(client, credited):
    _group, _product, artisans, _photo = credited
    assert client.get(artisans["hidden"].url).status_code == 404
    assert artisans["hidden"].url not in client.get("/sitemap.xml").content.decode()


def test_photo_only_with_full_consent(client, credited):
    _group, _product, artisans, photo = credited
    full_page = client.get(artisans["full"].url).content.decode()
    first_page = client.get(artisans["first"].url).content.decode()
    rendition_prefix = "/media/images/portrait"
    assert rendition_prefix in full_page
    assert rendition_prefix not in first_page


def test_withdrawn_consent_renames_page_and_url(client, credited):
    _group, _product, artisans, _photo = credited
    artisan = artisans["full"]
    artisan.consent = ArtisanConsent.FIRST_NAME
    artisan.save_revision().publish()
    artisan.refresh_from_db()
    assert artisan.title == "Shahida"
    assert "parveen" not in artisan.url
    assert "Parveen" not in client.get("/artisans/").content.decode()
