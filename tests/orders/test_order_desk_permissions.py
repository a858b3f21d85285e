"""Group A's staff cannot see or change group B's sub-orders on the order desk.

The matrix logs in as A's staff and tries every order-desk URL and action on B's sub-orders,
B's orders and B's transfer. Each try must be refused (403, 404 or Wagtail's permission-denied
redirect to the dashboard) and leave the database exactly as it was. The same tries by B's
staff or platform finance succeed, so the refusals are not an artefact of broken URLs or data.
A buyer account (even the one who placed the orders) and an anonymous visitor get nothing.
Also here: who sees the "Orders" menu, and the Finance group that grants the platform's side.
"""

import importlib
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from catalog.models import ProductVariant
from orders.models import Order, Payment, StatusChange, SubOrder
from tests.factories import UserFactory, make_staff
from tests.orders.order_desk_support import (
    finance_user,
    logged_in,
    place_order,
    sub_order_of,
    submit_transfer_reference,
)

pytestmark = pytest.mark.django_db

DENIED_MESSAGE = "do not have permission"
# Only B's own order holds these; A's staff finding one in a response is a leak.
B_BUYER_NAME = "Zarina Secretname"
B_BUYER_PHONE = "0333 7654321"
B_BUYER_ADDRESS = "House 99, Hidden Lane, Mithi"
B_BUYER_EMAIL = "zarina.private@example.org"
B_TRANSFER_REFERENCE = "EP-SECRET-5521"
MIXED_BUYER_EMAIL = "ayesha.private@example.org"


@dataclass
class World:
    catalog: dict
    staff_a: object
    staff_b: object
    buyer: object
    mixed: Order  # lines from both groups
    b_only: Order  # only B's lines, paid by a transfer awaiting verification
    a_part: SubOrder
    b_part: SubOrder
    b_only_part: SubOrder
    b_payment: Payment


def _world(catalog) -> World:
    lahore, thar = catalog["lahore"], catalog["thar"]
    buyer = UserFactory(username="buyer")
    mixed = place_order(catalog, buyer=buyer, contact_email=MIXED_BUYER_EMAIL)
    b_only = place_order(
        catalog,
        items=("quilt",),
        buyer=buyer,
        payment_method="transfer",
        contact_name=B_BUYER_NAME,
        contact_phone=B_BUYER_PHONE,
        contact_email=B_BUYER_EMAIL,
        province="Sindh",
        city="Tharparkar",
        address_line1=B_BUYER_ADDRESS,
    )
    b_payment = submit_transfer_reference(b_only, B_TRANSFER_REFERENCE)
    staff_a, staff_b = make_staff(lahore), make_staff(thar)
    b_part = sub_order_of(mixed, thar)
    # B has packed its part, so "shipped" is the step a hijacker would try next.
    logged_in(staff_b).post(
        reverse("orders_desk_sub_order_advance", args=[b_part.pk]), {"to_status": "packed"}
    )
    return World(
        catalog=catalog,
        staff_a=staff_a,
        staff_b=staff_b,
        buyer=buyer,
        mixed=mixed,
        b_only=b_only,
        a_part=sub_order_of(mixed, lahore),
        b_part=b_part,
        b_only_part=sub_order_of(b_only, thar),
        b_payment=b_payment,
    )


def _database_state() -> dict:
    return {
        "orders": list(
            Order.objects.order_by("pk").values_list(
                "pk", "status", "payment_status", "stock_released", "reservation_expires_at"
            )
        ),
        "sub_orders": list(
            SubOrder.objects.order_by("pk").values_list(
                "pk", "status", "courier", "tracking_number", "producer_group"
            )
        ),
        "payments": list(
            Payment.objects.order_by("pk").values_list("pk", "status", "refunded_amount")
        ),
        "history": StatusChange.objects.count(),
        "stock": list(ProductVariant.objects.order_by("pk").values_list("pk", "stock")),
    }


def _is_permission_denied(response) -> bool:
    """403, 404, or Wagtail's permission_denied: a redirect to the dashboard with an error.
    A redirect to the login page is not a denial here: it would mean nobody was logged in."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
        return any(
            DENIED_MESSAGE in str(message) for message in get_messages(response.wsgi_request)
        )
    return False


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("wagtailadmin_login")
    )


def _sub_order_attempts(sub_order: SubOrder) -> list[tuple]:
    pk = sub_order.pk
    advance = reverse("orders_desk_sub_order_advance", args=[pk])
    return [
        ("GET", reverse("orders_desk_sub_order", args=[pk]), None),
        ("GET", reverse("orders_desk_packing_slip", args=[pk]), None),
        ("POST", advance, {"to_status": "packed"}),
        ("POST", advance, {"to_status": "shipped", "courier": "TCS", "tracking_number": "HIJ-1"}),
        ("POST", advance, {"to_status": "delivered"}),
    ]


def _order_attempts(order: Order) -> list[tuple]:
    pk = order.pk
    return [
        ("GET", reverse("orders_desk_order", args=[pk]), None),
        ("POST", reverse("orders_desk_order_cancel", args=[pk]), {"reason": "hijack"}),
        (
            "POST",
            reverse("orders_desk_order_refund", args=[pk]),
            {"amount": "100.00", "confirm": "on"},
        ),
    ]


def _transfer_attempts(payment: Payment) -> list[tuple]:
    verify = reverse("orders_desk_transfer_verify", args=[payment.pk])
    return [
        ("GET", reverse("orders_desk_transfers"), None),
        ("POST", verify, {"decision": "approve", "note": "hijack"}),
        ("POST", verify, {"decision": "reject", "note": "hijack"}),
    ]


def _b_attempts(world: World) -> list[tuple]:
    return [
        *_sub_order_attempts(world.b_part),
        *_sub_order_attempts(world.b_only_part),
        *_order_attempts(world.mixed),
        *_order_attempts(world.b_only),
        *_transfer_attempts(world.b_payment),
    ]


def _listings(world: World) -> list[str]:
    """Listing URLs A's staff may open; none may show B's order or buyer."""
    desk = reverse("orders_desk")
    return [
        desk,
        f"{desk}?q={world.b_only.number}",
        f"{desk}?q=Secretname",
        f"{desk}?group={world.catalog['thar'].pk}",
        f"{desk}?status=packed",
        f"{desk}?payment_status=awaiting_verification",
        f"{desk}?p=2",
        reverse("orders_desk_sub_order", args=[world.a_part.pk]),
        reverse("orders_desk_packing_slip", args=[world.a_part.pk]),
    ]


def _send(client, method: str, url: str, data):
    client.cookies.pop("messages", None)  # each denial message is read from this response alone
    if method == "GET":
        return client.get(url)
    return client.post(url, data or {})


def _b_secrets(world: World) -> tuple[str, ...]:
    return (
        world.b_only.number,
        B_BUYER_NAME,
        "Secretname",
        "+923337654321",
        B_BUYER_ADDRESS,
        B_BUYER_EMAIL,
        B_TRANSFER_REFERENCE,
        MIXED_BUYER_EMAIL,
        "Ralli quilt",
        "Thar Ralli Cooperative",
    )


def _assert_own_work_is_allowed(client, world: World) -> None:
    """The positive side: without it, a broken login would make every denial 'pass'."""
    for url in (
        reverse("orders_desk"),
        reverse("orders_desk_sub_order", args=[world.a_part.pk]),
        reverse("orders_desk_packing_slip", args=[world.a_part.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    listed = client.get(reverse("orders_desk")).context["sub_orders"]
    assert [sub_order.pk for sub_order in listed] == [world.a_part.pk]


def test_group_staff_are_refused_every_desk_url_and_action_on_another_groups_orders(
    two_groups_catalog,
):
    world = _world(two_groups_catalog)
    client = logged_in(world.staff_a)
    _assert_own_work_is_allowed(client, world)

    attempts = _b_attempts(world)
    listings = _listings(world)
    before = _database_state()
    tried = 0
    failures = []

    for method, url, data in attempts:
        response = _send(client, method, url, data)
        tried += 1
        if not _is_permission_denied(response):
            failures.append((method, url, response.status_code, response.get("Location")))
        assert _database_state() == before, f"{method} {url} changed the database"

    for url in listings:
        response = _send(client, "GET", url, None)
        tried += 1
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        # A search box repeating what A typed is not a leak; anything else of B's is.
        leaked = [s for s in _b_secrets(world) if s in body and s not in url]
        assert not leaked, f"{url} shows group B's {leaked}"
        if "sub_orders" in response.context:
            assert {s.pk for s in response.context["sub_orders"]} <= {world.a_part.pk}, url

    print(f"\n{tried} order-desk URLs/actions tried as group A's staff on group B's orders")
    assert not failures, "not refused:\n" + "\n".join(map(str, failures))
    assert tried == len(attempts) + len(listings) >= 28
    assert _database_state() == before

    # The same writes are real: B's staff ship their parcel with the very data A sent.
    b_staff = logged_in(world.staff_b)
    for method, url, data in _sub_order_attempts(world.b_part)[:2]:
        assert _send(b_staff, method, url, data).status_code == 200, url
    b_staff.post(
        reverse("orders_desk_sub_order_advance", args=[world.b_part.pk]),
        {"to_status": "shipped", "courier": "TCS", "tracking_number": "HIJ-1"},
    )
    world.b_part.refresh_from_db()
    assert world.b_part.status == "shipped"
    # ...and A's own parcel moves on from A's login.
    client.post(
        reverse("orders_desk_sub_order_advance", args=[world.a_part.pk]), {"to_status": "packed"}
    )
    world.a_part.refresh_from_db()
    assert world.a_part.status == "packed"


def test_platform_finance_reaches_what_group_staff_are_refused(two_groups_catalog):
    world = _world(two_groups_catalog)
    finance = logged_in(finance_user())
    for method, url, _data in _b_attempts(world):
        if method == "GET":
            response = finance.get(url)
            assert response.status_code == 200, url
    finance.post(
        reverse("orders_desk_transfer_verify", args=[world.b_payment.pk]),
        {"decision": "approve"},
    )
    world.b_only.refresh_from_db()
    assert world.b_only.status == "paid"
    finance.post(reverse("orders_desk_order_cancel", args=[world.b_only.pk]), {"reason": "test"})
    world.b_only.refresh_from_db()
    assert world.b_only.status == "cancelled"


def test_group_staff_cannot_verify_transfers_even_for_their_own_orders(two_groups_catalog):
    world = _world(two_groups_catalog)
    client = logged_in(world.staff_b)  # the transfer pays for B's own order
    before = _database_state()
    for method, url, data in _transfer_attempts(world.b_payment) + _order_attempts(world.b_only):
        response = _send(client, method, url, data)
        assert _is_permission_denied(response), (method, url, response.status_code)
        assert _database_state() == before, f"{method} {url} changed the database"


@pytest.mark.parametrize("who", ["buyer", "anonymous"])
def test_buyers_and_visitors_get_nothing_from_the_desk(two_groups_catalog, who):
    world = _world(two_groups_catalog)
    client = Client()
    if who == "buyer":
        client.force_login(world.buyer)  # the very buyer who placed these orders
    attempts = [
        ("GET", reverse("orders_desk"), None),
        *_sub_order_attempts(world.a_part),
        *_b_attempts(world),
    ]
    before = _database_state()
    for method, url, data in attempts:
        response = _send(client, method, url, data)
        assert _is_login_redirect(response), (who, method, url, response.status_code)
        assert _database_state() == before, f"{who}: {method} {url} changed the database"
    print(f"\n{len(attempts)} order-desk URLs/actions refused to the {who}")
    home = client.get(reverse("wagtailadmin_home"))
    assert reverse("orders_desk") not in home.content.decode()


def test_orders_menu_is_shown_to_group_staff_and_finance_only(two_groups_catalog):
    staff = logged_in(make_staff(two_groups_catalog["lahore"]))
    finance = logged_in(finance_user())
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    desk = reverse("orders_desk")

    assert desk in staff.get(reverse("wagtailadmin_home")).content.decode()
    assert desk in finance.get(reverse("wagtailadmin_home")).content.decode()
    assert desk not in logged_in(editor).get(reverse("wagtailadmin_home")).content.decode()


def test_finance_group_migration_is_idempotent_and_reversible():
    expected = {"access_admin", "manage_all_orders", "verify_transfers"}
    finance = Group.objects.get(name="Finance")
    # Finance also keeps the minimum wage table (catalog 0014); this test is about orders' own
    # migrations, so it starts from a database before that one.
    finance.permissions.remove(*Permission.objects.filter(codename__endswith="_minimumwage"))
    assert set(finance.permissions.values_list("codename", flat=True)) == expected | {
        "manage_payouts",  # added by 0007
        "record_remittances",  # added by 0010
    }
    remittances = importlib.import_module("orders.migrations.0010_finance_records_remittances")
    remittances_state = MigrationExecutor(connection).loader.project_state(
        ("orders", "0010_finance_records_remittances")
    )
    remittances.finance_stops_recording_remittances(remittances_state.apps, None)
    payouts = importlib.import_module("orders.migrations.0007_finance_manages_payouts")
    payouts_state = MigrationExecutor(connection).loader.project_state(
        ("orders", "0007_finance_manages_payouts")
    )
    payouts.finance_stops_managing_payouts(payouts_state.apps, None)
    assert set(finance.permissions.values_list("codename", flat=True)) == expected
    member = UserFactory(username="treasurer")
    member.groups.add(finance)

    migration = importlib.import_module("orders.migrations.0002_finance_group")
    state = MigrationExecutor(connection).loader.project_state(("orders", "0002_finance_group"))
    migration.finance_group_create(state.apps, None)
    assert Group.objects.filter(name="Finance").count() == 1
    assert set(finance.permissions.values_list("codename", flat=True)) == expected

    migration.finance_group_remove(state.apps, None)
    assert finance.permissions.count() == 0
    assert Group.objects.filter(name="Finance").exists()  # it still has a member
    member.groups.clear()
    migration.finance_group_remove(state.apps, None)
    assert not Group.objects.filter(name="Finance").exists()
    migration.finance_group_create(state.apps, None)
    assert (
        set(Group.objects.get(name="Finance").permissions.values_list("codename", flat=True))
        == expected
    )
    payouts.finance_manages_payouts(payouts_state.apps, None)
    payouts.finance_manages_payouts(payouts_state.apps, None)
    assert set(
        Group.objects.get(name="Finance").permissions.values_list("codename", flat=True)
    ) == expected | {"manage_payouts"}
