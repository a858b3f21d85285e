"""A group page keeps its profile (logo, photos, story, artisans) rendered until the group or one
of its artisans is published: a sale or a product's publish re-renders its products only. The
page cache is off here, so every page is rendered and only the kept profile is at work."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from catalog.models import ArtisanConsent
from catalog.services import stock_adjust
from tests.factories import make_artisan, make_group, make_product

pytestmark = pytest.mark.django_db

PROFILE_TABLES = ("catalog_artisanpage", "catalog_producergroupphoto")


@pytest.fixture
def group(site_tree, settings):
    settings.PAGE_CACHE_SECONDS = 0
    group = make_group("Lahore Embroiderers Union", tagline="Phulkari from the walled city")
    make_artisan(group, "Rukhsana Bibi")
    group.khussa = make_product(group, "Khussa pair", stock=2)
    return group


def render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    return response.content.decode(), any(table in q for q in sql for table in PROFILE_TABLES)


def test_the_profile_is_read_once_and_shown_again_as_it_was(client, group):
    first, read = render(client, group.url)
    again, read_again = render(client, group.url)

    assert read and not read_again
    assert again == first
    assert "Rukhsana Bibi" in again and "Phulkari from the walled city" in again


def test_a_sale_re_renders_the_products_and_keeps_the_profile(client, group):
    render(client, group.url)

    stock_adjust(variant_id=group.khussa.variants.get().pk, delta=-2, reason="sale")

    html, read = render(client, group.url)
    assert "Out of stock" in html
    assert not read and "Rukhsana Bibi" in html


def test_an_artisan_published_or_withdrawn_shows_at_once(client, group):
    render(client, group.url)

    nasreen = make_artisan(group, "Nasreen Akhtar")
    html, read = render(client, group.url)
    assert read and "Nasreen Akhtar" in html

    nasreen.consent = ArtisanConsent.NOT_SHOWN
    nasreen.save_revision().publish()
    assert "Nasreen" not in render(client, group.url)[0]


def test_the_groups_publish_shows_at_once_in_each_language(client, group):
    english, urdu = group.url, f"/ur{group.url}"  # (a request to /ur/ leaves Urdu active)
    render(client, english)
    urdu_before, _read = render(client, urdu)

    group.tagline = "Mirror work and phulkari"
    group.save_revision().publish()

    assert "Mirror work and phulkari" in render(client, english)[0]
    urdu_after = render(client, urdu)[0]
    assert "Mirror work and phulkari" in urdu_after and urdu_after != urdu_before
    # The Urdu page keeps a profile of its own, not the English one.
    assert ">Artisans</h2>" in render(client, english)[0]
    assert ">Artisans</h2>" not in urdu_after and 'id="group-artisans"' in urdu_after
    translation.activate("en")


def test_a_preview_of_a_draft_is_never_kept_nor_served(client, group):
    group.tagline = "Draft: new embroidery classes"
    draft = group.save_revision()  # not published: moderation has not seen it

    preview = draft.as_object().make_preview_request()
    preview.render()
    assert "Draft: new embroidery classes" in preview.content.decode()

    public, _read = render(client, group.url)
    assert "Draft: new embroidery classes" not in public
    assert "Phulkari from the walled city" in public
    # ... and a preview after the profile was kept still shows the draft.
    again = draft.as_object().make_preview_request()
    again.render()
    assert "Draft: new embroidery classes" in again.content.decode()


def test_a_group_page_read_before_a_publish_keeps_nothing_the_new_revision_shows(client, group):
    """A request that loaded the page just before a publish, and renders after the publish
    moved the tags, stores the old profile where the published revision never looks."""
    from catalog.models import ProducerGroupPage

    stale = ProducerGroupPage.objects.get(pk=group.pk)  # read before the publish
    group.tagline = "Mirror work and phulkari"
    group.save_revision().publish()

    request = RequestFactory().get(group.url)
    request.is_preview = False
    old_key = stale._profile_key(request, group.pk)
    new_key = ProducerGroupPage.objects.get(pk=group.pk)._profile_key(request, group.pk)
    assert old_key != new_key
