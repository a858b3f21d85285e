"""What makes an uncached listing cheaper to render keeps it showing the same thing: the shop's
filter choices are read once and go stale with the groups; the card photo is the markup Wagtail's
`srcset_image` writes; filtered, paged and Urdu listings cost the same queries for 5 cards or 15."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images.models import Rendition

from catalog.selectors import CARD_IMAGE_SPEC, products_for_sale
from tests.factories import (
    CraftCategoryFactory,
    ImageFactory,
    UserFactory,
    make_group,
    make_product,
)
from tests.group_status import set_status

pytestmark = pytest.mark.django_db


def group_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries if "catalog_producergrouppage" in q["sql"]]


def choices_of(response, field):
    return [value for value, _label in response.context["form"].fields[field].choices if value]


def test_filter_choices_are_read_once_and_follow_publishing_and_suspension(
    client, site_tree, moderator
):
    lahore = make_group("Lahore Embroiderers Union", province="Punjab", district="Lahore")
    make_product(lahore, "Phulkari shawl")
    first = client.get("/shop/")
    assert choices_of(first, "group") == ["lahore-embroiderers-union"]
    assert choices_of(first, "district") == ["Lahore"]
    # The listing itself still joins the groups; the choices' own queries are gone.
    again = group_queries(client, "/shop/")
    assert not any(sql.startswith("SELECT DISTINCT") for sql in again)
    assert not any('"wagtailcore_page"."slug" AS "slug"' in sql for sql in again)

    mithi = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    published = client.get("/shop/")
    assert choices_of(published, "group") == [
        "lahore-embroiderers-union",
        "thar-ralli-cooperative",
    ]
    assert choices_of(published, "province") == ["Punjab", "Sindh"]
    assert choices_of(published, "district") == ["Lahore", "Tharparkar"]

    set_status(mithi, "suspended", moderator)
    assert choices_of(client.get("/shop/"), "group") == ["lahore-embroiderers-union"]

    lahore.unpublish()
    assert choices_of(client.get("/shop/"), "group") == []
    assert choices_of(client.get("/ur/shop/"), "group") == []


def test_card_photo_is_the_markup_of_srcset_image(site_tree):
    group = make_group()
    image = ImageFactory(collection=group.collection)
    image.get_renditions("fill-320x320|format-webp")  # one of them made already
    attrs = 'sizes="(min-width: 48em) 15rem, 46vw" loading="lazy" decoding="async" alt="A shawl"'
    ours = Template(
        f'{{% load responsive_images %}}{{% responsive_image image "{CARD_IMAGE_SPEC}" {attrs} %}}'
    ).render(Context({"image": image}))
    wagtails = Template(
        f"{{% load wagtailimages_tags %}}{{% srcset_image image {CARD_IMAGE_SPEC} {attrs} %}}"
    ).render(Context({"image": image}))
    assert ours == wagtails
    assert all(f"fill-{size}x{size}" in ours for size in (320, 400, 640))
    assert (
        Template(
            '{% load responsive_images %}{% responsive_image None "width-480" alt="x" %}'
        ).render(Context())
        == ""
    )


def test_listing_reads_only_the_card_sizes_of_its_photos(site_tree):
    group = make_group()
    product = make_product(group, "Phulkari shawl")
    image = ImageFactory(collection=group.collection)
    listing = product.listing
    listing.card_image = image
    listing.save()
    image.get_renditions("width-480|format-webp", "fill-320x320|format-webp")

    (shown,) = products_for_sale().filter(pk=product.pk)
    prefetched = shown.listing.card_image.renditions.all()
    assert [rendition.filter_spec for rendition in prefetched] == ["fill-320x320|format-webp"]
    assert Rendition.objects.filter(image=image).count() == 2


@pytest.mark.parametrize(
    "url",
    [
        "/shop/?category=pottery&in_stock=on",
        "/shop/?page=2",
        "/ur/shop/",
        "/ur/shop/?category=pottery&sort=price_desc&in_stock=on",
    ],
)
def test_filtered_paged_and_urdu_listings_cost_the_same_queries_for_5_or_15_cards(
    client, site_tree, settings, url
):
    settings.SHOP_PAGE_SIZE = 5
    settings.PAGE_CACHE_SECONDS = 0  # every request rendered
    group = make_group()
    category = CraftCategoryFactory(name="Pottery", slug="pottery")
    for index in range(10):
        make_product(group, f"Pot {index}", category=category)

    def queries():
        client.get(url)  # image renditions made once
        cache.clear()  # and every card rendered again
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    settings.SHOP_PAGE_SIZE = 15
    for index in range(10, 30):
        make_product(group, f"Pot {index}", category=category)
    assert queries() == few


def test_kept_photo_markup_follows_what_it_is_made_of(site_tree):
    group = make_group()
    image = ImageFactory(collection=group.collection)

    def render(alt, *, image=image, safe=False):
        alt_expression = "alt|safe" if safe else "alt"
        return Template(
            '{% load responsive_images %}{% responsive_image image "width-{40,60}" '
            f"alt={alt_expression} %}}"
        ).render(Context({"image": image, "alt": alt}))

    first = render("Tom & Jerry")
    assert render("Tom & Jerry") == first and 'alt="Tom &amp; Jerry"' in first
    assert 'alt="Tom & Jerry"' in render("Tom & Jerry", safe=True)  # not the kept one
    assert 'alt="Another"' in render("Another")
    other = ImageFactory(collection=group.collection)
    assert render("Tom & Jerry", image=other) != first  # other files


def test_a_craft_renamed_or_deleted_in_the_admin_reaches_the_cached_filter_choices(
    client, site_tree
):
    make_product(make_group(), "Phulkari shawl", category=CraftCategoryFactory(name="Pottery"))
    staff = UserFactory(username="crafts-editor", is_staff=True, is_superuser=True)
    quilts = CraftCategoryFactory(name="Ralli quilts", slug="ralli")
    assert "Ralli quilts" in client.get("/shop/").content.decode()
    assert client.get("/shop/?category=ralli").context["form"].errors == {}

    admin = Client()
    admin.force_login(staff)
    edit = reverse("wagtailsnippets_catalog_craftcategory:edit", args=[quilts.pk])
    data = {"name": "Rallis", "name_ur": "رلی", "slug": "ralli", "description": ""}
    assert admin.post(edit, data).status_code == 302

    html = client.get("/shop/").content.decode()
    assert ">Rallis</option>" in html and "Ralli quilts" not in html
    assert "رلی" in client.get("/ur/shop/").content.decode()

    delete = reverse("wagtailsnippets_catalog_craftcategory:delete", args=[quilts.pk])
    assert admin.post(delete).status_code == 302
    assert "Rallis" not in client.get("/shop/").content.decode()
    assert "category" in client.get("/shop/?category=ralli").context["form"].errors


def test_a_group_behind_a_view_restriction_is_not_offered_as_a_filter(
    client, site_tree, moderator, monkeypatch
):
    """Its products are not listed (marketplace.serving.public): neither are its name and
    district in the shop's filters, nor is it found by its slug from a link (with too many
    groups to list), as the group directory leaves it out too; nor a suspended group's."""
    from wagtail.models import PageViewRestriction

    from catalog import selectors

    make_group("Lahore Embroiderers Union", province="Punjab", district="Lahore")
    hidden = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    suspended = make_group("Kasur Khussa Cooperative", province="Punjab", district="Kasur")
    set_status(suspended, "suspended", moderator)
    shop = client.get("/shop/")
    assert choices_of(shop, "group") == ["lahore-embroiderers-union", "thar-ralli-cooperative"]
    assert choices_of(shop, "district") == ["Lahore", "Tharparkar"]

    restriction = PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )

    shop = client.get("/shop/")
    assert choices_of(shop, "group") == ["lahore-embroiderers-union"]
    assert choices_of(shop, "district") == ["Lahore"]  # nothing to find in Tharparkar
    monkeypatch.setattr(selectors, "MAX_GROUPS_IN_SELECT", 1)
    cache.clear()
    assert selectors.shop_filter_group("lahore-embroiderers-union")
    assert selectors.shop_filter_group("thar-ralli-cooperative") == []
    assert selectors.shop_filter_group("kasur-khussa-cooperative") == []
    linked = client.get("/shop/", {"group": "thar-ralli-cooperative"})
    assert linked.context["form"].errors["group"]

    restriction.delete()
    assert selectors.shop_filter_group("thar-ralli-cooperative")
