"""The stall applications listing on Wagtail's IndexView: the CSV download carries only the
rows the listing shows (a group's own applications, an organiser's mela's), with the groups'
free text written as text; sorting and the mela and status filters."""

from datetime import timedelta

import pytest
from django.urls import reverse

from events.models.pages import mela_today
from tests.factories import make_application, make_group, make_mela, make_organiser, make_staff
from tests.orders.order_desk_support import logged_in
from tests.orders.test_admin_listing_exports import assert_no_live_formula, csv_rows

pytestmark = pytest.mark.django_db


def test_applications_csv_has_the_groups_own_applications_with_needs_as_text(site_tree):
    mela = make_mela("Lahore Mela", start=mela_today() + timedelta(days=14))
    mine_group = make_group("Sialkot Stitchers", district="Sialkot")
    other_group = make_group("Bahawalpur Chunri", district="Bahawalpur")
    mine = make_application(mela, mine_group)
    mine.needs = "@SUM(A1:A9) power socket"
    mine.save()
    make_application(mela, other_group)
    staff = logged_in(make_staff(mine_group))
    listing = reverse("events_application_list")

    rows = csv_rows(staff.get(listing, {"export": "csv"}))

    assert [row[1] for row in rows[1:]] == ["Sialkot Stitchers"]
    assert rows[1][-1] == "'@SUM(A1:A9) power socket"
    assert_no_live_formula(rows)
    organiser = logged_in(make_organiser(mela, "organiser"))
    organised = csv_rows(organiser.get(listing, {"export": "csv", "ordering": "group"}))
    assert [row[1] for row in organised[1:]] == ["Bahawalpur Chunri", "Sialkot Stitchers"]
    by_status = organiser.get(listing, {"mela": mela.pk, "status": "approved"})
    assert list(by_status.context["applications"]) == []
