"""Workshops: sign-up by phone alone, SMS confirmation, one reminder the day before,
attendance by the organisers only, and the counts behind the impact figures."""

from datetime import timedelta

import pytest

from events.models import WorkshopSignup
from events.models.pages import mela_today
from events.tasks import send_workshop_reminders
from events.workshops.selectors import workshop_counts
from events.workshops.services import (
    WorkshopFull,
    workshop_reminders_queue,
    workshop_sign_up,
)
from marketplace.models import NotificationLog
from tests.events.workshop_helpers import make_workshop, workshop_index
from tests.factories import (
    CraftCategoryFactory,
    make_group,
    make_mela,
    make_organiser,
    make_staff,
)

pytestmark = pytest.mark.django_db


def sign_up(client, workshop, phone, **extra):
    return client.post(f"{workshop.url}sign-up/", {"phone": phone, **extra})


def test_a_worker_signs_up_with_urdu_digits_and_gets_an_urdu_sms(
    client, site_tree, django_capture_on_commit_callbacks
):
    workshop = make_workshop(capacity=3)

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, workshop, "۰۳۰۰ ۱۲۳۴۵۶۷", name="Shamim")

    assert response.status_code == 302
    signup = WorkshopSignup.objects.get()
    assert (signup.phone, signup.name, signup.language) == ("+923001234567", "Shamim", "ur")
    sms = NotificationLog.objects.get(event="workshop_signup_confirmed")
    assert sms.channel == "sms" and sms.recipient == "+923001234567"
    assert sms.status == "sent"
    assert "کرافٹس میلہ" in sms.body and workshop.place in sms.body
    page = client.get(workshop.url)
    assert "2 seats left of 3" in page.content.decode()


def test_a_foreign_number_hears_in_the_language_of_the_page(client, site_tree):
    workshop = make_workshop()

    sign_up(client, workshop, "+44 7911 123456")

    signup = WorkshopSignup.objects.get()
    assert signup.language == "en"
    assert NotificationLog.objects.get().body.startswith("Crafts Mela: your seat is booked.")


def test_a_number_that_is_not_a_mobile_is_refused_with_a_message(client, site_tree):
    workshop = make_workshop()

    response = sign_up(client, workshop, "042 1234567")  # a Lahore landline

    assert response.status_code == 200
    assert "Enter a mobile number" in response.content.decode()
    assert not WorkshopSignup.objects.exists()


def test_signing_up_twice_keeps_one_seat_and_one_sms(client, site_tree):
    workshop = make_workshop()

    sign_up(client, workshop, "0300 1234567")
    response = sign_up(client, workshop, "+92 300 1234567")

    assert response.status_code == 302
    assert WorkshopSignup.objects.count() == 1
    assert NotificationLog.objects.filter(event="workshop_signup_confirmed").count() == 1


def test_the_last_seat_goes_once_and_the_full_workshop_says_so(client, site_tree):
    workshop = make_workshop(capacity=1)
    workshop_sign_up(workshop_id=workshop.pk, phone="+923001111111", language="ur")

    with pytest.raises(WorkshopFull):
        workshop_sign_up(workshop_id=workshop.pk, phone="+923002222222", language="ur")
    response = client.get(f"{workshop.url}sign-up/")

    assert 'data-testid="workshop-full"' in response.content.decode()
    assert "<form" not in response.content.decode().split("<main")[-1].split("</main>")[0]
    assert WorkshopSignup.objects.count() == 1


def test_the_sign_up_page_is_never_cached(client, site_tree):
    workshop = make_workshop()

    response = client.get(f"{workshop.url}sign-up/")

    assert "no-store" in response["Cache-Control"]


def test_one_reminder_the_day_before_however_often_beat_runs(
    site_tree, django_capture_on_commit_callbacks
):
    today = mela_today()
    tomorrow_workshop = make_workshop(title="Design for buyers", day=today + timedelta(days=3))
    later_workshop = make_workshop(title="Know your rights", day=today + timedelta(days=6))
    for phone in ("+923001111111", "+923002222222"):
        workshop_sign_up(workshop_id=tomorrow_workshop.pk, phone=phone, language="ur")
    workshop_sign_up(workshop_id=later_workshop.pk, phone="+923003333333", language="ur")

    day_before = today + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = workshop_reminders_queue(today=day_before)
        second = workshop_reminders_queue(today=day_before)

    assert (first, second) == (2, 0)
    reminders = NotificationLog.objects.filter(event="workshop_reminder")
    assert sorted(reminders.values_list("recipient", flat=True)) == [
        "+923001111111",
        "+923002222222",
    ]
    assert all(reminder.status == "sent" for reminder in reminders)
    assert "کل" in reminders[0].body


def test_the_beat_task_reminds_for_tomorrow(site_tree):
    workshop = make_workshop(day=mela_today() + timedelta(days=1))
    # Signed up earlier (the reminder claim is open): tomorrow's workshop is due now.
    signup, _created = workshop_sign_up(
        workshop_id=workshop.pk, phone="+923001111111", language="ur"
    )
    WorkshopSignup.objects.filter(pk=signup.pk).update(reminder_queued_at=None)

    assert send_workshop_reminders.apply().get() == 1
    assert send_workshop_reminders.apply().get() == 0
    assert NotificationLog.objects.filter(event="workshop_reminder").count() == 1


def test_signing_up_the_day_before_gets_the_confirmation_only(site_tree):
    workshop = make_workshop(day=mela_today() + timedelta(days=1))
    workshop_sign_up(workshop_id=workshop.pk, phone="+923001111111", language="ur")

    assert workshop_reminders_queue() == 0
    assert NotificationLog.objects.filter(event="workshop_reminder").count() == 0


# Attendance -------------------------------------------------------------------------------


@pytest.fixture
def mela_workshop_today(site_tree):
    mela = make_mela(start=mela_today())
    workshop = make_workshop(mela, title="Block printing skills", day=mela_today())
    signup, _created = workshop_sign_up(
        workshop_id=workshop.pk, phone="+923001234567", language="ur"
    )
    return mela, workshop, signup


def test_the_melas_organiser_marks_attendance_on_the_phone_page(client, mela_workshop_today):
    mela, workshop, signup = mela_workshop_today
    client.force_login(make_organiser(mela))

    page = client.get(f"{workshop.url}attendance/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "0300 1234567" in page.content.decode()
    response = client.post(f"{workshop.url}attendance/", {"signup": signup.pk, "attended": "1"})

    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.attended and signup.attendance_recorded_by.username.startswith("organiser")


@pytest.mark.parametrize("who", ["anonymous", "group staff", "another mela's organiser"])
def test_nobody_else_sees_or_marks_attendance(client, mela_workshop_today, who):
    _mela, workshop, signup = mela_workshop_today
    if who == "group staff":
        client.force_login(make_staff(make_group()))
    elif who == "another mela's organiser":
        client.force_login(make_organiser(make_mela("Karachi Mela"), "other-organiser"))

    page = client.get(f"{workshop.url}attendance/")
    post = client.post(f"{workshop.url}attendance/", {"signup": signup.pk, "attended": "1"})

    if who == "anonymous":
        assert page.status_code == post.status_code == 302
        assert "/login" in page["Location"]
    else:
        assert page.status_code == post.status_code == 403
    signup.refresh_from_db()
    assert not signup.attended


def test_attendance_opens_on_the_workshops_day(client, site_tree):
    mela = make_mela()
    workshop = make_workshop(mela, day=mela.start_date)
    signup, _created = workshop_sign_up(
        workshop_id=workshop.pk, phone="+923001234567", language="ur"
    )
    client.force_login(make_organiser(mela))

    client.post(f"{workshop.url}attendance/", {"signup": signup.pk, "attended": "1"})

    signup.refresh_from_db()
    assert not signup.attended


def test_a_signup_of_another_workshop_cannot_be_marked_through_this_one(
    client, mela_workshop_today
):
    mela, workshop, _signup = mela_workshop_today
    other = make_workshop(workshop_index(), title="Elsewhere", day=mela_today())
    foreign, _created = workshop_sign_up(workshop_id=other.pk, phone="+923009999999", language="ur")
    client.force_login(make_organiser(mela))

    response = client.post(f"{workshop.url}attendance/", {"signup": foreign.pk, "attended": "1"})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert not foreign.attended


# Impact counts ----------------------------------------------------------------------------


def test_counts_per_district_and_craft(site_tree, django_assert_num_queries):
    embroidery = CraftCategoryFactory(name="Embroidery", slug="embroidery")
    pottery = CraftCategoryFactory(name="Pottery", slug="pottery")
    lahore = make_workshop(title="Lahore", district="Lahore", craft=embroidery)
    multan = make_workshop(title="Multan", district="Multan")
    workshop_sign_up(workshop_id=lahore.pk, phone="+923001111111", language="ur")
    workshop_sign_up(
        workshop_id=lahore.pk, phone="+923002222222", language="ur", craft_id=pottery.pk
    )
    done, _created = workshop_sign_up(
        workshop_id=multan.pk, phone="+923003333333", language="ur", craft_id=pottery.pk
    )
    WorkshopSignup.objects.filter(pk=done.pk).update(attended=True)

    with django_assert_num_queries(1):
        rows = workshop_counts()

    assert [(r["district"], r["craft"], r["signups"], r["attended"]) for r in rows] == [
        ("Lahore", "embroidery", 1, 0),
        ("Lahore", "pottery", 1, 0),
        ("Multan", "pottery", 1, 1),
    ]


def test_the_mela_page_lists_its_workshops(client, site_tree):
    mela = make_mela()
    make_workshop(mela, title="Natural dyes", day=mela.start_date)

    response = client.get(mela.url)

    assert "Natural dyes" in response.content.decode()


def test_the_workshops_admin_page_links_its_organisers_to_attendance(client, mela_workshop_today):
    mela, workshop, _signup = mela_workshop_today
    client.force_login(make_organiser(mela))

    response = client.get(f"/admin/pages/{workshop.pk}/edit/")

    assert response.status_code == 200
    assert f'href="{workshop.url}attendance/"' in response.content.decode()


def test_one_address_signing_up_many_numbers_is_stopped_before_more_sms_go(
    client, settings, site_tree
):
    # Each sign-up sends an SMS to the number given: without a limit, anyone could make the
    # platform text strangers. Limits per address and per number, as for trade enquiries.
    settings.WORKSHOP_SIGNUP_LIMIT_PER_IP = 3
    workshops = [make_workshop(title=f"Pricing your work {n}") for n in range(2)]
    for n in range(3):
        assert sign_up(client, workshops[n % 2], f"0300 123456{n}").status_code == 302

    refused = sign_up(client, workshops[1], "0300 1234569")

    assert refused.status_code == 429
    assert "Too many sign-ups" in refused.content.decode()
    assert WorkshopSignup.objects.count() == 3
    assert NotificationLog.objects.count() == 3
    other_address = client.post(
        f"{workshops[1].url}sign-up/", {"phone": "0300 1234569"}, REMOTE_ADDR="198.51.100.7"
    )
    assert other_address.status_code == 302


def test_one_number_signed_up_from_many_addresses_is_limited_too(client, settings, site_tree):
    settings.WORKSHOP_SIGNUP_LIMIT_PER_PHONE = 2
    workshops = [make_workshop(title=f"Design for exporters {n}") for n in range(3)]
    for n, workshop in enumerate(workshops[:2]):
        response = client.post(
            f"{workshop.url}sign-up/", {"phone": "0301 7654321"}, REMOTE_ADDR=f"198.51.100.{n}"
        )
        assert response.status_code == 302

    response = client.post(
        f"{workshops[2].url}sign-up/", {"phone": "0301 7654321"}, REMOTE_ADDR="198.51.100.50"
    )

    assert response.status_code == 429
    assert WorkshopSignup.objects.count() == 2
