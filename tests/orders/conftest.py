import pytest

from tests.factories import CraftCategoryFactory, make_group, make_product


@pytest.fixture
def stripe_server(settings):
    """A fake Stripe on 127.0.0.1 that the real stripe library talks to (tests/fakes)."""
    from tests.fakes.stripe_server import FakeStripe

    with FakeStripe() as server:
        server.configure(settings)
        yield server


@pytest.fixture
def two_groups_catalog(site_tree):
    """Two producer groups with one product each, at 10% and 12.5% commission."""
    from decimal import Decimal

    lahore = make_group("Lahore Embroiderers Union", delivery_charge=Decimal("200.00"))
    thar = make_group(
        "Thar Ralli Cooperative",
        province="Sindh",
        district="Tharparkar",
        commission_rate=Decimal("12.50"),
        delivery_charge=Decimal("300.00"),
    )
    quilts = CraftCategoryFactory(name="Ralli quilts", slug="ralli-quilts")
    shawl = make_product(lahore, "Phulkari shawl", price="4500.00", stock=5)
    quilt = make_product(thar, "Ralli quilt", price="9999.99", stock=3, category=quilts)
    return {
        "lahore": lahore,
        "thar": thar,
        "shawl": shawl.variants.get(),
        "quilt": quilt.variants.get(),
    }


SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def add_to_cart(client, variant, quantity=1):
    return client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity}, **SAME_ORIGIN)


# What a buyer types into the checkout form for a cash-on-delivery order.
COD_CHECKOUT_FIELDS = {
    "contact_name": "Ayesha Khan",
    "contact_phone": "0300 1234567",
    "contact_email": "",
    "fulfilment": "ship",
    "province": "Punjab",
    "city": "Lahore",
    "address_line1": "House 12, Street 4, Model Town",
    "payment_method": "cod",
}


def checkout_data(client, **changes):
    """The checkout form as the page renders it, filled in for a cash-on-delivery order."""
    response = client.get("/checkout/")
    token = response.context["form"]["checkout_token"].value()
    return {"checkout_token": token, **COD_CHECKOUT_FIELDS, **changes}
