"""A suspended producer group is off the site: its products leave the shop, search, the
group directory and their own pages (404), and suspending a group makes cached pages stale."""

import pytest

from catalog.terms.services import terms_update
from tests.factories import make_group, make_product
from tests.group_status import set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_groups(site_tree):
    sindh = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    punjab = make_group("Multan Khussa Makers", district="Multan")
    return {
        "suspended": sindh,
        "selling": punjab,
        "quilt": make_product(sindh, "Ralli quilt", stock=4),
        "khussa": make_product(punjab, "Multani khussa", stock=4),
    }


def test_suspended_groups_products_leave_the_shop_search_and_directory(
    client, two_groups, moderator
):
    set_status(two_groups["suspended"], "suspended", moderator)

    quilt_link = f'href="{two_groups["quilt"].url}"'
    shop = client.get("/shop/").content.decode()
    assert f'href="{two_groups["khussa"].url}"' in shop and quilt_link not in shop
    search = client.get("/shop/", {"q": "ralli"}).content.decode()
    assert quilt_link not in search
    directory = client.get(two_groups["suspended"].get_parent().url).content.decode()
    assert "Multan Khussa Makers" in directory and "Thar Ralli Cooperative" not in directory
    home = client.get("/").content.decode()
    assert quilt_link not in home


def test_suspended_groups_product_and_group_pages_are_not_found(client, two_groups, moderator):
    set_status(two_groups["suspended"], "suspended", moderator)

    assert client.get(two_groups["quilt"].url).status_code == 404
    assert client.get(two_groups["suspended"].url).status_code == 404
    assert client.get(two_groups["khussa"].url).status_code == 200


def test_suspending_a_group_invalidates_cached_pages_and_lifting_it_brings_them_back(
    client, two_groups, moderator
):
    quilt_url = two_groups["quilt"].url
    assert client.get(quilt_url)["X-Page-Cache"] == "miss"
    assert client.get(quilt_url)["X-Page-Cache"] == "hit"
    assert f'href="{quilt_url}"' in client.get("/shop/").content.decode()

    set_status(two_groups["suspended"], "suspended", moderator)
    assert client.get(quilt_url).status_code == 404
    assert f'href="{quilt_url}"' not in client.get("/shop/").content.decode()

    set_status(two_groups["suspended"], "verified", moderator)
    assert client.get(quilt_url).status_code == 200
    assert f'href="{quilt_url}"' in client.get("/shop/").content.decode()


def test_a_pending_group_is_shown_and_sells(client, two_groups, moderator):
    set_status(two_groups["suspended"], "pending", moderator)

    assert client.get(two_groups["quilt"].url).status_code == 200
    assert f'href="{two_groups["quilt"].url}"' in client.get("/shop/").content.decode()


def test_a_commission_change_shows_at_once_on_cached_product_pages(client, two_groups, moderator):
    url = two_groups["khussa"].url
    assert "(90%) of this price" in client.get(url).content.decode()
    terms_update(
        group_id=two_groups["selling"].pk,
        by=moderator,
        verification_status="verified",
        commission_rate="15.00",
    )
    assert "(85%) of this price" in client.get(url).content.decode()
