"""Product cards are rendered once and kept (catalog.cards): a listing rendered again reads no
product for the cards it has shown, and a card follows at once every change to what it shows.
The page cache is off here, so every page is rendered and only the card cache is at work."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.services import VariantEdit, stock_adjust, variants_save
from tests.cards import card_titles
from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(site_tree, settings):
    settings.PAGE_CACHE_SECONDS = 0
    lahore = make_group("Lahore Embroiderers Union")
    thar = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    return {
        "lahore": lahore,
        "thar": thar,
        "khussa": make_product(lahore, "Khussa pair", price="2400", stock=3),
        "quilt": make_product(thar, "Ralli quilt", price="9800", stock=10),
    }


def render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def card_of(html, title):
    """The markup of the card whose title is `title`."""
    start = html.rindex('<li class="card product-card">', 0, html.index(f">{title}<"))
    return html[start : html.index("</li>", start)]


@pytest.mark.parametrize("url", ["/shop/", "/ur/shop/", "/shop/?sort=price_asc"])
def test_a_listing_rendered_again_reads_no_product_for_its_cards(client, shop, url):
    client.get(url)  # photos' renditions made
    cache.clear()
    first, cold = render(client, url)
    again, warm = render(client, url)

    assert again == first
    # The cards' products, with their photos' renditions, are read only for the first render.
    assert any("wagtailimages_rendition" in sql for sql in cold)
    assert not any("wagtailimages_rendition" in sql for sql in warm)
    assert len(warm) < len(cold)


def test_the_shop_first_cards_load_their_photo_at_once_and_other_listings_lazily(client, shop):
    shop_html = client.get("/shop/").content.decode()
    group_html = client.get(shop["thar"].url).content.decode()

    # The newest product first: its card's photo is fetched first on the shop...
    assert 'fetchpriority="high"' in card_of(shop_html, "Ralli quilt")
    assert 'loading="eager"' in card_of(shop_html, "Khussa pair")
    # ... and the same card, kept, is lazy on its group's page.
    assert 'loading="lazy"' in card_of(group_html, "Ralli quilt")
    assert "fetchpriority" not in group_html


def test_each_page_of_the_shop_loads_its_first_photo_at_once(client, shop, settings):
    settings.SHOP_PAGE_SIZE = 1
    client.get("/shop/")  # Ralli quilt, first, kept

    second_page = client.get("/shop/?page=2").content.decode()
    assert 'fetchpriority="high"' in card_of(second_page, "Khussa pair")


def test_a_sale_that_empties_a_product_shows_on_its_kept_cards(client, shop):
    khussa = shop["khussa"]
    client.get("/shop/"), client.get(shop["lahore"].url)

    stock_adjust(variant_id=khussa.variants.get().pk, delta=-3, reason="sale")

    for url in ("/shop/", shop["lahore"].url):
        assert "Out of stock" in card_of(client.get(url).content.decode(), "Khussa pair")
    assert "Out of stock" not in card_of(client.get("/shop/").content.decode(), "Ralli quilt")


def test_a_price_change_shows_on_its_kept_card(client, shop):
    quilt = shop["quilt"]
    client.get("/shop/")
    variant = quilt.variants.get()
    variant.price = 1200

    variants_save(product=quilt, edits=[VariantEdit(variant, True, variant.stock, variant.stock)])

    assert "Rs 1,200" in card_of(client.get("/shop/").content.decode(), "Ralli quilt")


def test_a_published_title_shows_on_the_kept_cards(client, shop):
    khussa = shop["khussa"]
    client.get("/shop/"), client.get(shop["lahore"].url)

    khussa.title = "Khussa pair, gold thread"
    khussa.save_revision().publish()

    assert sorted(card_titles(client.get("/shop/"))) == ["Khussa pair, gold thread", "Ralli quilt"]
    assert card_titles(client.get(shop["lahore"].url)) == ["Khussa pair, gold thread"]


def test_a_group_renamed_shows_on_its_products_kept_cards_only(client, shop):
    lahore = shop["lahore"]
    client.get("/shop/")

    lahore.title = "Lahore Women Embroiderers"
    lahore.save_revision().publish()

    html = client.get("/shop/").content.decode()
    assert "Lahore Women Embroiderers" in card_of(html, "Khussa pair")
    assert "Thar Ralli Cooperative" in card_of(html, "Ralli quilt")


def test_with_the_card_cache_off_every_card_is_rendered(client, shop, settings):
    settings.CARD_CACHE_SECONDS = 0
    client.get("/shop/")
    first, _queries = render(client, "/shop/")
    again, queries = render(client, "/shop/")

    assert again == first
    assert any("wagtailimages_rendition" in sql for sql in queries)


def test_a_deleted_photo_leaves_no_kept_card_pointing_at_it(client, shop):
    quilt = shop["quilt"]
    image = quilt.gallery_images.get().image
    before = card_of(client.get("/shop/").content.decode(), "Ralli quilt")
    assert "<img" in before

    image.delete()  # its renditions' files go with it

    after = card_of(client.get("/shop/").content.decode(), "Ralli quilt")
    assert "<img" not in after and "no-photo" in after


def test_a_moved_product_is_linked_at_its_new_address(client, shop):
    khussa = shop["khussa"]
    client.get("/shop/")

    khussa.move(shop["thar"], pos="last-child")

    card = card_of(client.get("/shop/").content.decode(), "Khussa pair")
    assert f'href="{shop["thar"].url}khussa-pair/"' in card


def test_when_a_publish_moves_the_tags_the_listing_summary_already_shows_it(shop, monkeypatch):
    """A publish outside a transaction moves the tags at once, both times: a card rendered
    then must read the summary's new photo, not keep the old one."""
    from catalog.models import ProductImage, ProductListing
    from marketplace import page_cache
    from tests.factories import ImageFactory

    quilt = shop["quilt"]
    quilt.gallery_images.all().delete()
    new_photo = ImageFactory(collection=shop["thar"].collection)
    quilt.gallery_images.add(ProductImage(image=new_photo, alt_text="Quilt, new photo"))
    seen = []
    moving = page_cache.invalidate_tags

    def invalidate_tags(*tags, **options):
        if f"card:{quilt.pk}" in tags:
            seen.append(ProductListing.objects.get(product=quilt).card_image_id)
        moving(*tags, **options)

    monkeypatch.setattr(page_cache, "invalidate_tags", invalidate_tags)
    quilt.save_revision().publish()

    assert seen == [new_photo.pk]
