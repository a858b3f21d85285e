"""What a buyer sees first on /shop/: what can be bought now, its first photos fetched at once."""

import re

import pytest

from tests.cards import card_titles
from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db


def titles(response):
    return card_titles(response)


@pytest.fixture
def newest_is_sold_out(site_tree):
    group = make_group("Lahore Embroiderers Union")
    make_product(group, "Older in-stock shawl", stock=4)
    make_product(group, "Older in-stock cushion", stock=1)
    make_product(group, "Newest sold-out kurta", stock=0)
    return group


def test_default_newest_sort_shows_in_stock_products_before_sold_out_ones(
    client, newest_is_sold_out
):
    response = client.get("/shop/")

    assert titles(response) == [
        "Older in-stock cushion",
        "Older in-stock shawl",
        "Newest sold-out kurta",
    ]


def test_only_the_first_card_images_load_eagerly_and_the_first_with_high_priority(
    client, newest_is_sold_out
):
    html = client.get("/shop/").content.decode()

    images = re.findall(r"<img [^>]*>", html.split('class="results"')[1])
    assert len(images) == 3
    assert 'loading="eager"' in images[0] and 'fetchpriority="high"' in images[0]
    assert 'loading="eager"' in images[1] and "fetchpriority" not in images[1]
    assert 'loading="lazy"' in images[2] and "fetchpriority" not in images[2]
    # Two cards a row on a phone: each image is about half the screen wide there.
    assert all('sizes="(min-width: 48em) 15rem, (min-width: 40em) 30vw, 46vw"' in i for i in images)
