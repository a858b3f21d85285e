"""Public mela pages: the index, a mela, its schedule, stall map, a stall's exhibitor and QR."""

from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Group

from events.models import MelaIndexPage, MelaPage
from events.models.pages import mela_today
from tests.factories import (
    UserFactory,
    make_application,
    make_group,
    make_mela,
    make_product,
    make_stall,
)

pytestmark = pytest.mark.django_db


def schedule_item(day, start, end, title, place="Main stage", kind="workshop", **extra):
    return {
        "day": day,
        "start_time": time(*start),
        "end_time": time(*end),
        "title": title,
        "place": place,
        "kind": kind,
        **extra,
    }


def test_site_tree_has_a_melas_index_at_slash_melas(client, site_tree):
    index = MelaIndexPage.objects.get()
    assert index.url == "/melas/"
    response = client.get("/melas/")
    assert response.status_code == 200
    assert "No mela is announced yet" in response.content.decode()


def test_index_lists_upcoming_soonest_first_and_past_separately(client, site_tree):
    today = mela_today()
    make_mela("Karachi Mela", start=today + timedelta(days=30))
    make_mela("Lahore Mela", start=today + timedelta(days=3))
    make_mela("Multan Mela 2024", start=today - timedelta(days=60))
    make_mela("Draft Mela", start=today + timedelta(days=10), publish=False)
    html = client.get("/melas/").content.decode()
    upcoming, past = html.split('id="past-melas"')
    assert upcoming.index("Lahore Mela") < upcoming.index("Karachi Mela")
    assert "Multan Mela 2024" in past and "Multan Mela 2024" not in upcoming
    assert "Draft Mela" not in html


def test_home_page_shows_the_next_mela(client, site_tree):
    today = mela_today()
    make_mela("Hyderabad Mela", start=today + timedelta(days=40))
    make_mela("Sukkur Mela", start=today + timedelta(days=5))
    html = client.get("/").content.decode()
    section = html.split('id="next-mela"')[1].split("</section>")[0]
    assert "Sukkur Mela" in section
    assert "Hyderabad Mela" not in section


def test_a_mela_on_today_is_still_the_next_mela(client, site_tree):
    make_mela("On Now Mela", start=mela_today() - timedelta(days=1), days=3)
    make_mela("Later Mela", start=mela_today() + timedelta(days=2))
    html = client.get("/").content.decode()
    assert "On Now Mela" in html.split('id="next-mela"')[1].split("</section>")[0]


def test_mela_page_shows_venue_entry_organiser_exhibitors_and_their_products(client, site_tree):
    start = mela_today() + timedelta(days=7)
    mela = make_mela(
        "Lahore Crafts Mela",
        start=start,
        entry_information="Free entry for everyone.",
        map_url="https://maps.example.org/alhamra",
        schedule=[schedule_item(start, (10, 0), (11, 0), "Block printing workshop")],
    )
    group = make_group("Kasur Block Printers", district="Kasur")
    product = make_product(group, "Block printed dupatta")
    make_product(group, "Not brought along")
    stall = make_stall(mela, "B-7", zone="Textiles hall")
    make_application(mela, group, products=[product], status="approved", stall=stall)

    html = client.get(mela.url).content.decode()
    assert "Alhamra Arts Council" in html and "Lahore" in html
    assert "Free entry for everyone." in html
    assert "https://maps.example.org/alhamra" in html
    assert "HomeNet Pakistan" in html
    assert "Block printing workshop" in html
    assert "Kasur Block Printers" in html and "Stall B-7, Textiles hall" in html
    assert "Block printed dupatta" in html
    assert "Not brought along" not in html
    assert f"/melas/{mela.slug}/calendar.ics" in html
    assert "calendar.google.com/calendar/render" in html


def test_waitlisted_groups_are_not_listed_as_exhibitors(client, site_tree):
    mela = make_mela()
    make_application(mela, make_group("Waiting Group"), status="waitlisted")
    assert "Waiting Group" not in client.get(mela.url).content.decode()


def test_schedule_shows_one_day_with_links_to_every_day(client, site_tree):
    start = mela_today() + timedelta(days=1)
    mela = make_mela(
        start=start,
        days=2,
        schedule=[
            schedule_item(start, (10, 0), (11, 0), "Ralli quilting demonstration"),
            schedule_item(start + timedelta(days=1), (16, 0), (17, 0), "Sindhi music evening"),
        ],
    )
    first = client.get(f"{mela.url}schedule/").content.decode()
    assert "Ralli quilting demonstration" in first and "Sindhi music evening" not in first
    assert "Tomorrow" in first
    second_day = (start + timedelta(days=1)).isoformat()
    assert f'href="?day={second_day}"' in first
    second = client.get(f"{mela.url}schedule/?day={second_day}").content.decode()
    assert "Sindhi music evening" in second and "Ralli quilting demonstration" not in second
    assert client.get(f"{mela.url}schedule/?day=1999-01-01").status_code == 404
    assert client.get(f"{mela.url}schedule/?day=nonsense").status_code == 404


def test_schedule_credits_an_artisan_only_with_her_consent(client, site_tree):
    from catalog.models import ArtisanConsent
    from tests.factories import make_artisan

    group = make_group()
    named = make_artisan(group, "Shamim Akhtar", ArtisanConsent.FULL_NAME)
    start = mela_today() + timedelta(days=3)
    mela = make_mela(
        start=start,
        schedule=[schedule_item(start, (12, 0), (13, 0), "Phulkari talk", artisan=named)],
    )
    assert "Shamim Akhtar" in client.get(f"{mela.url}schedule/").content.decode()
    # She withdraws her consent later: the schedule stops naming her at once.
    named.consent = ArtisanConsent.NOT_SHOWN
    named.save_revision().publish()
    from django.core.cache import cache

    cache.clear()
    assert "Shamim Akhtar" not in client.get(f"{mela.url}schedule/").content.decode()


def test_stall_map_and_stall_page_show_who_is_where(client, site_tree):
    mela = make_mela()
    group = make_group("Hala Ajrak Cooperative", district="Matiari")
    taken = make_stall(mela, "A-1", row=1, column=1)
    make_stall(mela, "A-2", row=1, column=2)
    make_application(mela, group, status="approved", stall=taken)

    html = client.get(f"{mela.url}stalls/").content.decode()
    assert "Hala Ajrak Cooperative" in html
    assert 'data-row="1" data-column="2"' in html

    stall_page = client.get(f"{mela.url}stalls/A-1/").content.decode()
    assert "Hala Ajrak Cooperative" in stall_page
    assert group.url in stall_page
    assert (
        "No group has been given this stall yet"
        in client.get(f"{mela.url}stalls/A-2/").content.decode()
    )
    assert client.get(f"{mela.url}stalls/Z-99/").status_code == 404


def test_each_stall_has_a_qr_code_leading_to_its_page(client, site_tree):
    mela = make_mela()
    make_stall(mela, "C-3")
    response = client.get(f"/melas/{mela.slug}/stalls/C-3/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response.content.startswith(b"<svg")


def new_mela_form(**changes) -> dict:
    start = mela_today() + timedelta(days=20)
    data = {
        "title": "Quetta Crafts Mela",
        "slug": "quetta-crafts-mela",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=1)).isoformat(),
        "venue_name": "Serena",
        "venue_city": "Quetta",
        "country": "PK",
        "province": "Balochistan",
        "district": "Quetta",
        "organiser_name": "Balochistan HBW Union",
        "description-count": "0",
        "schedule_items-TOTAL_FORMS": "0",
        "schedule_items-INITIAL_FORMS": "0",
        "schedule_items-MIN_NUM_FORMS": "0",
        "schedule_items-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_creating_a_mela_in_the_admin_provisions_its_organisers(client, site_tree):
    admin = UserFactory(username="platform-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    index = MelaIndexPage.objects.get()
    response = client.post(f"/admin/pages/add/events/melapage/{index.pk}/", new_mela_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    mela = MelaPage.objects.get(slug="quetta-crafts-mela")
    assert (mela.province, mela.district) == ("Balochistan", "Quetta")
    assert mela.organisers_group is not None
    assert Group.objects.filter(name__startswith="Mela organisers: Quetta Crafts Mela").exists()
    assert mela.collection is not None


def test_a_new_mela_needs_its_province_and_district(client, site_tree):
    # The impact page counts melas and visitors by province and district.
    client.force_login(UserFactory(username="platform-admin", is_superuser=True, is_staff=True))
    index = MelaIndexPage.objects.get()

    response = client.post(
        f"/admin/pages/add/events/melapage/{index.pk}/",
        new_mela_form(province="", district="", **{"action-publish": "action-publish"}),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"province", "district"}
    assert not MelaPage.objects.filter(slug="quetta-crafts-mela").exists()


def test_urdu_text_and_urdu_interface_render(client, site_tree):
    mela = make_mela("دستکاری میلہ لاہور", slug="lahore-urdu-mela")
    assert client.get(f"/ur{mela.url}").status_code == 200
    html = client.get(mela.url).content.decode()
    assert "دستکاری میلہ لاہور" in html
