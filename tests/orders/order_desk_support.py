"""Orders placed through the cart and checkout, and the people who work the order desk (group
staff, platform finance), for the order desk tests."""

from django.contrib.auth.models import Group
from django.test import Client
from wagtail.test.utils import WagtailTestUtils

from orders.models import Order, Payment, SubOrder
from tests.factories import UserFactory
from tests.orders.conftest import add_to_cart, checkout_data

BUYER_EMAIL = "ayesha.private@example.org"


def place_order(catalog, items=("shawl", "quilt"), *, buyer=None, **changes) -> Order:
    """An order placed by a buyer through the cart and checkout (cash on delivery unless told)."""
    client = Client()
    if buyer is not None:
        client.force_login(buyer)
    for name in items:
        add_to_cart(client, catalog[name])
    response = client.post("/checkout/", checkout_data(client, **changes))
    assert response.status_code == 302, response.content[:500]
    order = Order.objects.latest("pk")
    order.buyer_client = client
    return order


def submit_transfer_reference(order: Order, reference: str = "TX-44120") -> Payment:
    order.buyer_client.post(
        order.get_absolute_url(), {"provider": "jazzcash", "reference": reference}
    )
    return Payment.objects.get(order=order, reference=reference)


def finance_user(username: str = "finance"):
    """A platform finance member, given exactly what the Finance group (a migration) grants."""
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Finance"))
    return user


def sub_order_of(order: Order, group) -> SubOrder:
    return order.sub_orders.get(producer_group=group)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return WagtailTestUtils.get_soup(response.content).get_text(" ", strip=True)
