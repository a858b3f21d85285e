"""A product page's photos, makers, techniques and makers' rates are read once and kept
(catalog.product_detail.product_content_kept) until a publish of the product or of one of its
group's artisans, or a change of its rates: a sale keeps them, each of those shows at once,
and an editor's preview shows the draft, never the kept copy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ArtisanConsent, ArtisanPage, MakerRate, ProductImage
from catalog.models.stock import StockMovementReason
from catalog.services import stock_adjust
from tests.factories import ImageFactory, TechniqueFactory, make_artisan, make_group, make_product

pytestmark = pytest.mark.django_db

# (The photos' renditions are read on every view, in one query: see _with_renditions.)
CONTENT_TABLES = (
    "catalog_productimage",
    "catalog_artisanpage",
    "catalog_makerrate",
    "catalog_technique",
)


@pytest.fixture
def group(site_tree, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request rendered: the kept content is under test
    return make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")


@pytest.fixture
def quilt(group):
    product = make_product(group, "Ralli quilt", price="1000", stock=10)
    product.artisans.add(make_artisan(group, "Rukhsana Bibi"))
    product.save_revision().publish()
    return product


def content_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [
        query["sql"]
        for query in queries
        if any(f'FROM "{table}"' in query["sql"] for table in CONTENT_TABLES)
    ]


def html(client, url) -> str:
    return client.get(url).content.decode()


def test_the_content_is_read_once_and_a_sale_keeps_it(client, quilt):
    assert content_queries(client, quilt.url)  # a cold read

    assert not content_queries(client, quilt.url)
    stock_adjust(
        variant_id=quilt.variants.get().pk, delta=-8, reason=StockMovementReason.STAFF_COUNT
    )
    assert not content_queries(client, quilt.url)
    page = html(client, quilt.url)
    assert "Only 2 left" in page  # stock itself is read every time
    assert "Rukhsana Bibi" in page and "Ralli quilt photo" in page


def test_a_published_photo_technique_and_maker_show_at_once(client, group, quilt):
    html(client, quilt.url)
    quilt.gallery_images.add(
        ProductImage(image=ImageFactory(collection=group.collection), alt_text="Quilt folded")
    )
    quilt.techniques.add(TechniqueFactory(name="Appliqué"))
    quilt.artisans.add(make_artisan(group, "Shamim Akhtar"))
    quilt.save_revision().publish()

    page = html(client, quilt.url)
    assert "Quilt folded" in page
    assert "Appliqué" in page
    assert "Shamim Akhtar" in page


def test_a_maker_who_withdraws_her_name_is_unnamed_at_once(client, quilt):
    assert "Rukhsana Bibi" in html(client, quilt.url)
    artisan = quilt.artisans.get()
    artisan.consent = ArtisanConsent.NOT_SHOWN
    artisan.save_revision().publish()

    page = html(client, quilt.url)
    assert "Rukhsana Bibi" not in page
    assert "1 artisan of the group who is not named" in page


def test_new_makers_rates_show_at_once_and_go_with_a_deleted_artisan(client, group, quilt):
    assert "Not recorded yet" in html(client, quilt.url)
    unpublished = group.add_child(instance=ArtisanPage(full_name="Shamim Akhtar", live=False))
    MakerRate.objects.create(
        product=quilt, artisan=unpublished, piece_rate="300.00", hours_per_piece="4"
    )
    assert "Rs 300" in html(client, quilt.url)

    unpublished.delete()  # (her rate with her; no unpublish signal: she was never live)

    assert "Rs 300" not in html(client, quilt.url)
    assert "Not recorded yet" in html(client, quilt.url)


def test_a_preview_of_a_draft_shows_its_photo_and_the_public_page_does_not(client, group, quilt):
    html(client, quilt.url)  # the content is kept
    quilt.gallery_images.add(
        ProductImage(image=ImageFactory(collection=group.collection), alt_text="Draft photo")
    )
    draft = quilt.save_revision()  # not published

    preview = draft.as_object().make_preview_request()
    assert preview.status_code == 200
    assert "Draft photo" in preview.content.decode()
    assert "Draft photo" not in html(client, quilt.url)


def test_the_urdu_page_keeps_its_own_captions(client, quilt):
    from wagtail.models import Locale

    from marketplace.translations import translation_ensure

    urdu = translation_ensure(quilt, Locale.objects.get(language_code="ur"))
    ProductImage.objects.filter(product=urdu).update(alt_text="رلی رضائی کی تصویر")
    urdu.save_revision().publish()
    english_url = quilt.url
    assert "Ralli quilt photo" in html(client, english_url)

    assert "رلی رضائی کی تصویر" in html(client, f"/ur{english_url}")
    assert "Ralli quilt photo" in html(client, english_url)


def test_a_view_does_not_write_its_share_image_back_to_the_cache(client, quilt):
    """The share image (og:image) is found among the photos' prefetched renditions; Wagtail's
    `{% image %}` wrote it to the cache again on every view (a cache write per product view)."""
    from wagtail.images.models import Rendition

    page = html(client, quilt.url)
    assert '<meta property="og:image" content="' in page
    image = quilt.gallery_images.first().image
    share = Rendition.objects.get(image=image, filter_spec="fill-1200x630|format-jpeg")
    assert f'{share.url}"' in page
    Rendition.cache_backend.delete(share.get_cache_key())

    html(client, quilt.url)

    assert Rendition.cache_backend.get(share.get_cache_key()) is None


def test_the_rendition_tag_refuses_a_spec_of_several_sizes():
    """It gives one rendition: a srcset's spec would silently lose all but its first size."""
    from django.template import Context, Template, TemplateSyntaxError

    tag = Template('{% load responsive_images %}{% rendition photo "width-{480,720}" as share %}')
    with pytest.raises(TemplateSyntaxError, match="one filter spec"):
        tag.render(Context({"photo": None}))
