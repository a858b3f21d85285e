"""The admin menu asks whether the user is a producer group's staff (or edits a product) once
per request, however many items ask (catalog.admin_menu)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalog.admin_menu import MenuFacts, menu_facts, user_menu_facts
from catalog.wagtail_hooks import BelowMinimumMenuItem, MarketInformationMenuItem
from events.models.pages import mela_today
from orders.finance.makers_admin import MakersPayMenuItem
from tests.factories import UserFactory, make_mela, make_organiser, make_staff
from tests.orders import conftest as orders_conftest

pytestmark = pytest.mark.django_db

two_groups_catalog = orders_conftest.two_groups_catalog

MENU_ITEMS = (MakersPayMenuItem, MarketInformationMenuItem, BelowMinimumMenuItem)
NAMES = ("makers-pay", "market-information", "below-the-minimum-wage")


def page_permissions_of(user) -> None:
    list(PagePermissionPolicy().get_cached_permissions_for_user(user))


def admin_home_queries(client) -> tuple[int, str]:
    client.get("/admin/")  # the admin's own per-user caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_the_menu_checks_cost_at_most_one_query_for_group_staff_and_organisers(
    client, two_groups_catalog, monkeypatch
):
    staff = make_staff(two_groups_catalog["lahore"], "lahore-menu")
    organiser = make_organiser(make_mela("Karachi Mela", start=mela_today()))
    for user, shown in ((staff, True), (organiser, False)):
        client.force_login(user)
        with monkeypatch.context() as patched:
            for item in MENU_ITEMS:
                patched.setattr(item, "is_shown", lambda self, request: False)
            without_items, _ = admin_home_queries(client)
        with_items, html = admin_home_queries(client)
        assert all((f'"name": "{name}"' in html) is shown for name in NAMES)
        # The three items together add no query of their own: the one query that answers
        # them is shared with the order desk, statements and mela applications items.
        assert with_items - without_items <= 1


def test_the_facts_are_asked_once_per_request(rf, two_groups_catalog, django_assert_num_queries):
    request = rf.get("/admin/")
    request.user = make_staff(two_groups_catalog["lahore"], "lahore-menu")
    page_permissions_of(request.user)  # Wagtail's own per-user cache, which the admin fills
    with django_assert_num_queries(1):
        facts = menu_facts(request)
        assert menu_facts(request) is facts
    assert facts == MenuFacts(
        staff_of_a_group=True,
        staff_of_a_source_group=True,
        a_source_group_exists=True,
        edits_a_product=True,
    )


def test_a_user_of_no_group_is_staff_of_none(two_groups_catalog, django_assert_num_queries):
    user = UserFactory(username="visitor")
    page_permissions_of(user)
    with django_assert_num_queries(1):
        assert user_menu_facts(user) == MenuFacts(a_source_group_exists=True)
    user.is_active = False
    assert user_menu_facts(user).edits_a_product is False
