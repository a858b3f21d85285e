"""What a producer group's staff find in the admin: the product form shows its variants with
price and stock and links to the stock screen, new variants get an SKU when left blank, and
several are added at once; the site is named; the moderator sees group, price and photo."""

import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils import WagtailTestUtils

from catalog.models import ProductVariant
from tests.catalog.two_groups import B_PRODUCT_TITLE, two_groups
from tests.factories import UserFactory, make_group, make_product, make_staff

pytestmark = pytest.mark.django_db


def soup(response):
    return WagtailTestUtils.get_soup(response.content)


def new_rows(*rows: dict) -> dict:
    """The stock screen of a product without variants, with `rows` filled in and one left empty."""
    data = {
        "variants-TOTAL_FORMS": str(len(rows) + 1),
        "variants-INITIAL_FORMS": "0",
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate([*rows, {}]):
        row = {"sort_order": "0", "stock": "0", "is_active": "on", **row}
        data.update({f"variants-{index}-{name}": value for name, value in row.items()})
    return data


@pytest.fixture
def group_and_staff(site_tree):
    group = make_group()
    return group, make_staff(group)


def test_product_form_shows_variants_with_price_and_stock_and_links_to_the_stock_screen(
    client, group_and_staff
):
    group, staff = group_and_staff
    product = make_product(group, "Phulkari dupatta", price="3000", stock=4, variants=2)
    client.force_login(staff)

    panel = soup(client.get(f"/admin/pages/{product.pk}/edit/")).select_one(
        "[data-testid=variants-panel]"
    )

    rows = [
        [cell.get_text(" ", strip=True) for cell in row("td")] for row in panel.select("tbody tr")
    ]
    assert rows == [
        [f"Variant 0 SKU-{product.pk}-0", "3000.00", "4", "Yes"],
        [f"Variant 1 SKU-{product.pk}-1", "3001.00", "4", "Yes"],
    ]
    stock_url = f"/admin/catalog/products/{product.pk}/variants/"
    assert panel.find("a", href=stock_url).get_text(strip=True) == "Change prices and stock"


def test_new_product_form_says_how_prices_and_stock_are_added(client, group_and_staff):
    group, staff = group_and_staff
    client.force_login(staff)
    response = client.get(f"/admin/pages/add/catalog/productpage/{group.pk}/")
    panel = soup(response).select_one("[data-testid=variants-panel]")
    assert "Save the product first" in panel.get_text()


def test_product_listing_has_a_stock_button_outside_the_more_menu(client, group_and_staff):
    group, staff = group_and_staff
    product = make_product(group, "Phulkari dupatta")
    client.force_login(staff)
    page = soup(client.get(f"/admin/pages/{group.pk}/"))
    link = page.find("a", href=f"/admin/catalog/products/{product.pk}/variants/")
    assert link is not None
    assert link.find_parent(attrs={"data-controller": "w-dropdown"}) is None  # not in "⋯"


def test_blank_skus_are_made_from_the_product_name_and_rows_are_added_together(
    client, group_and_staff
):
    group, staff = group_and_staff
    product = make_product(group, "Phulkari dupatta", variants=0)
    client.force_login(staff)
    url = f"/admin/catalog/products/{product.pk}/variants/"

    page = soup(client.get(url))
    assert len(page.select("tr.variant-new")) == 3
    assert "PHULKARI-DUPATTA-01" in page.get_text()  # the one-line explanation's example

    response = client.post(
        url,
        new_rows(
            {"label": "Small", "price": "2500", "stock": "3"},
            {"label": "Large", "price": "3200", "stock": "1"},
            {"label": "Own code", "sku": "phul-own", "price": "2900"},
        ),
    )

    assert response.status_code == 302
    saved = list(product.variants.values_list("label", "sku", "price", "stock", "sort_order"))
    assert [(label, sku, str(price), stock) for label, sku, price, stock, _ in saved] == [
        ("Small", "PHULKARI-DUPATTA-01", "2500.00", 3),
        ("Large", "PHULKARI-DUPATTA-02", "3200.00", 1),
        ("Own code", "PHUL-OWN", "2900.00", 0),
    ]
    assert [position for *_, position in saved] == [0, 1, 2]

    # Blank again on an existing row keeps its SKU; the next new one takes the next number.
    client.post(url, {**_existing_rows(product), **_one_new_row(3, price="2700")})
    assert set(product.variants.values_list("sku", flat=True)) == {
        "PHULKARI-DUPATTA-01",
        "PHULKARI-DUPATTA-02",
        "PHUL-OWN",
        "PHULKARI-DUPATTA-03",
    }


def _existing_rows(product) -> dict:
    variants = list(product.variants.all())
    data = {
        "variants-TOTAL_FORMS": str(len(variants) + 1),
        "variants-INITIAL_FORMS": str(len(variants)),
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "1000",
    }
    for index, variant in enumerate(variants):
        data.update(
            {
                f"variants-{index}-id": str(variant.pk),
                f"variants-{index}-label": variant.label,
                f"variants-{index}-sku": "",
                f"variants-{index}-price": str(variant.price),
                f"variants-{index}-stock": str(variant.stock),
                f"variants-{index}-stock_shown": str(variant.stock),
                f"variants-{index}-is_active": "on",
                f"variants-{index}-sort_order": str(variant.sort_order),
            }
        )
    return data


def _one_new_row(index: int, **fields) -> dict:
    row = {"sku": "", "label": "", "stock": "0", "sort_order": "0", "is_active": "on", **fields}
    return {f"variants-{index}-{name}": value for name, value in row.items()}


def test_a_product_with_an_urdu_slug_gets_skus_from_its_number(client, group_and_staff):
    group, staff = group_and_staff
    product = make_product(group, "رلی", variants=0, slug="رلی")
    client.force_login(staff)
    client.post(
        f"/admin/catalog/products/{product.pk}/variants/", new_rows({"price": "900", "stock": "2"})
    )
    assert ProductVariant.objects.get(product=product).sku == f"P{product.pk}-01"


def test_the_dashboard_is_titled_with_the_site_name(client, group_and_staff):
    _group, staff = group_and_staff
    client.force_login(staff)
    page = soup(client.get("/admin/"))
    assert "Crafts Mela" in page.select_one("h1").get_text()
    assert "localhost" not in page.get_text()


def test_moderator_review_list_shows_group_price_and_thumbnail(client, site_tree):
    world = two_groups()  # group B has a product waiting for moderation
    moderator = UserFactory(username="wagtail-moderator")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    rows = soup(client.get("/admin/")).select("[data-testid=review-row]")
    assert len(rows) == 1
    row = rows[0]
    assert row.select_one("[data-testid=review-group]").get_text(strip=True) == (
        world.group_b.title
    )
    assert row.select_one("[data-testid=review-price]").get_text(strip=True) == "Rs 4,500"
    assert row.find("img") is not None
    assert B_PRODUCT_TITLE not in row.get_text()  # the row is the product in review only
