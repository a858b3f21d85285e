"""Organisers edit only their own mela (and its schedule); schedule items are validated together:
end after start, inside the mela's dates, no overlap in the same place."""

from datetime import timedelta

import pytest

from catalog.models import ArtisanConsent
from events.models import MelaPage
from events.models.pages import mela_today
from tests.factories import (
    UserFactory,
    make_artisan,
    make_group,
    make_mela,
    make_organiser,
    make_staff,
)

pytestmark = pytest.mark.django_db


def mela_form(mela: MelaPage, items: list[dict], **changes) -> dict:
    data = {
        "title": mela.title,
        "slug": mela.slug,
        "start_date": mela.start_date.isoformat(),
        "end_date": mela.end_date.isoformat(),
        "venue_name": mela.venue_name,
        "venue_city": mela.venue_city,
        "country": mela.country,
        "province": mela.province,
        "district": mela.district,
        "organiser_name": mela.organiser_name,
        "description-count": "0",
        "schedule_items-TOTAL_FORMS": str(len(items)),
        "schedule_items-INITIAL_FORMS": "0",
        "schedule_items-MIN_NUM_FORMS": "0",
        "schedule_items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        row = {
            "id": "",
            "ORDER": str(index + 1),
            "DELETE": "",
            "kind": "workshop",
            "place": "Main stage",
            "description": "",
            "presenters": "",
            "artisan": "",
            **item,
        }
        data.update({f"schedule_items-{index}-{key}": value for key, value in row.items()})
    data.update(changes)
    return data


def item(day, start: str, end: str, title: str, **extra) -> dict:
    return {"day": day.isoformat(), "start_time": start, "end_time": end, "title": title, **extra}


@pytest.fixture
def two_melas(site_tree):
    start = mela_today() + timedelta(days=10)
    mela_x = make_mela("Mela X", start=start, days=2)
    mela_y = make_mela("Mela Y", start=start, days=2)
    return mela_x, mela_y, make_organiser(mela_x, "organiser-x")


def post_edit(client, mela, data):
    return client.post(f"/admin/pages/{mela.pk}/edit/", data)


def test_organiser_saves_a_valid_schedule_for_their_mela(client, two_melas):
    mela_x, _mela_y, organiser = two_melas
    client.force_login(organiser)
    day = mela_x.start_date
    response = post_edit(
        client,
        mela_x,
        mela_form(
            mela_x,
            [
                item(day, "10:00", "11:00", "Ajrak printing workshop"),
                item(day, "11:00", "12:00", "Talk on fair wages"),  # back to back is fine
                item(day, "10:30", "11:30", "Khussa demo", place="Tent B"),  # other place
            ],
        ),
    )
    assert response.status_code == 302
    draft = MelaPage.objects.get(pk=mela_x.pk).get_latest_revision_as_object()
    assert sorted(entry.title for entry in draft.schedule_items.all()) == [
        "Ajrak printing workshop",
        "Khussa demo",
        "Talk on fair wages",
    ]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (
            lambda day: [item(day, "11:00", "10:00", "Backwards")],
            "An item must end after it starts.",
        ),
        (
            lambda day: [item(day, "11:00", "11:00", "Zero length")],
            "An item must end after it starts.",
        ),
        (
            lambda day: [item(day + timedelta(days=5), "10:00", "11:00", "After the mela")],
            "This day is outside the mela",
        ),
        (
            lambda day: [item(day - timedelta(days=1), "10:00", "11:00", "Before the mela")],
            "This day is outside the mela",
        ),
        (
            lambda day: [
                item(day, "10:00", "12:00", "Quilting"),
                item(day, "11:30", "12:30", "Music", place="  main STAGE "),
            ],
            "This overlaps “Quilting” (10:00–12:00) in Main stage on the same day.",
        ),
    ],
    ids=["end-before-start", "zero-length", "after-mela", "before-mela", "overlap-same-place"],
)
def test_invalid_schedule_is_refused_with_a_clear_error(client, two_melas, items, message):
    mela_x, _mela_y, organiser = two_melas
    client.force_login(organiser)
    response = post_edit(client, mela_x, mela_form(mela_x, items(mela_x.start_date)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert MelaPage.objects.get(pk=mela_x.pk).schedule_items.count() == 0


def test_artisan_without_consent_cannot_be_credited(client, two_melas):
    mela_x, _mela_y, organiser = two_melas
    hidden = make_artisan(make_group(), "Private Person", ArtisanConsent.NOT_SHOWN)
    client.force_login(organiser)
    response = post_edit(
        client,
        mela_x,
        mela_form(mela_x, [item(mela_x.start_date, "10:00", "11:00", "Demo", artisan=hidden.pk)]),
    )
    assert response.status_code == 200
    assert "has not agreed to be named publicly" in response.content.decode()


def test_mela_dates_must_be_in_order(client, two_melas):
    mela_x, _mela_y, organiser = two_melas
    client.force_login(organiser)
    data = mela_form(mela_x, [], end_date=(mela_x.start_date - timedelta(days=1)).isoformat())
    response = post_edit(client, mela_x, data)
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in response.content.decode()


def test_organiser_of_mela_x_cannot_edit_mela_y(client, two_melas):
    mela_x, mela_y, organiser = two_melas
    client.force_login(organiser)
    assert client.get(f"/admin/pages/{mela_x.pk}/edit/").status_code == 200
    before = (MelaPage.objects.get(pk=mela_y.pk).title, mela_y.latest_revision_id)

    assert client.get(f"/admin/pages/{mela_y.pk}/edit/").status_code in (302, 403)
    response = post_edit(
        client,
        mela_y,
        mela_form(mela_y, [item(mela_y.start_date, "10:00", "11:00", "Hijack")], title="Hacked"),
    )
    assert response.status_code in (302, 403)
    mela_y = MelaPage.objects.get(pk=mela_y.pk)
    assert (mela_y.title, mela_y.latest_revision_id) == before
    assert mela_y.schedule_items.count() == 0
    # Nor the admin screens of mela Y kept outside revisions.
    assert client.get(f"/admin/melas/{mela_y.pk}/stalls/").status_code == 404
    assert client.get(f"/admin/melas/{mela_y.pk}/report/").status_code == 404
    assert client.get(f"/admin/melas/{mela_x.pk}/stalls/").status_code == 200
    assert client.get(f"/admin/melas/{mela_x.pk}/report/").status_code == 200


def test_organiser_can_publish_their_own_mela_only(two_melas):
    mela_x, mela_y, organiser = two_melas
    assert mela_x.permissions_for_user(organiser).can_publish()
    assert not mela_y.permissions_for_user(organiser).can_edit()
    assert not mela_x.get_parent().permissions_for_user(organiser).can_add_subpage()


def test_producer_group_staff_cannot_edit_a_mela_or_its_schedule(client, two_melas):
    mela_x, _mela_y, _organiser = two_melas
    staff = make_staff(make_group())
    client.force_login(staff)
    response = post_edit(
        client, mela_x, mela_form(mela_x, [item(mela_x.start_date, "10:00", "11:00", "Ours")])
    )
    assert response.status_code in (302, 403)
    assert MelaPage.objects.get(pk=mela_x.pk).schedule_items.count() == 0
    assert not mela_x.permissions_for_user(staff).can_edit()
    assert client.get(f"/admin/melas/{mela_x.pk}/stalls/").status_code == 404
    assert client.get(f"/admin/melas/{mela_x.pk}/report/").status_code == 404


def test_anonymous_and_plain_users_get_no_admin_screens(client, two_melas):
    mela_x, _mela_y, _organiser = two_melas
    assert client.get(f"/admin/melas/{mela_x.pk}/stalls/").status_code == 302  # to login
    client.force_login(UserFactory())
    assert client.get("/admin/melas/applications/").status_code in (302, 403)


def stall_rows(*rows) -> dict:
    data = {
        "stalls-TOTAL_FORMS": str(len(rows)),
        "stalls-INITIAL_FORMS": "0",
        "stalls-MIN_NUM_FORMS": "0",
        "stalls-MAX_NUM_FORMS": "1000",
    }
    for index, (number, row, column) in enumerate(rows):
        data.update(
            {
                f"stalls-{index}-number": number,
                f"stalls-{index}-zone": "Textiles",
                f"stalls-{index}-size": "medium",
                f"stalls-{index}-fee": "2500",
                f"stalls-{index}-map_row": str(row),
                f"stalls-{index}-map_column": str(column),
            }
        )
    return data


def test_organiser_lays_out_stalls_and_numbers_stay_unique(client, two_melas):
    from events.models import Stall

    mela_x, _mela_y, organiser = two_melas
    client.force_login(organiser)
    url = f"/admin/melas/{mela_x.pk}/stalls/"
    response = client.post(url, stall_rows(("A-1", 1, 1), ("A-2", 1, 2)))
    assert response.status_code == 302
    assert list(Stall.objects.filter(mela=mela_x).values_list("number", flat=True)) == [
        "A-1",
        "A-2",
    ]
    duplicate = stall_rows(("A-1", 2, 1))
    duplicate["stalls-INITIAL_FORMS"] = "0"
    response = client.post(url, duplicate)
    assert response.status_code == 200
    assert Stall.objects.filter(mela=mela_x).count() == 2
    bad_number = client.post(url, stall_rows(("A 1/2", 3, 1)))
    assert "letters, digits and dashes" in bad_number.content.decode()
