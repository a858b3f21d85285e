"""Calendar files, parsed back: valid iCalendar, stable UIDs, Pakistan times, Urdu intact."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.models import MelaPage
from events.models.pages import mela_today
from tests.factories import make_mela

pytestmark = pytest.mark.django_db
KARACHI = ZoneInfo("Asia/Karachi")


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return Calendar.from_ical(response.content)


def events_of(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def mela_with_schedule(site_tree):
    start = mela_today() + timedelta(days=5)
    return make_mela(
        "دستکاری میلہ · Crafts Mela Lahore",
        slug="crafts-mela-lahore",
        start=start,
        days=2,
        venue_name="الحمرا آرٹس کونسل",
        schedule=[
            {
                "day": start,
                "start_time": time(10, 30),
                "end_time": time(12, 0),
                "title": "رلی کی کڑھائی کا ورکشاپ",
                "kind": "workshop",
                "place": "Tent A",
            },
            {
                "day": start + timedelta(days=1),
                "start_time": time(18, 0),
                "end_time": time(20, 0),
                "title": "Sufi music evening",
                "kind": "cultural",
                "place": "Main stage",
            },
        ],
    )


def test_mela_calendar_has_the_mela_and_every_schedule_item_in_pakistan_time(
    client, mela_with_schedule
):
    mela = mela_with_schedule
    calendar = parse(client.get(f"/melas/{mela.slug}/calendar.ics"))
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Karachi"]
    events = events_of(calendar)
    assert len(events) == 3

    whole = events[f"mela-{mela.pk}@127.0.0.1"]
    assert whole.decoded("DTSTART") == mela.start_date
    assert whole.decoded("DTEND") == mela.end_date + timedelta(days=1)  # exclusive end
    assert str(whole["SUMMARY"]) == "دستکاری میلہ · Crafts Mela Lahore"
    assert "الحمرا آرٹس کونسل" in str(whole["LOCATION"])

    workshop = next(e for e in events.values() if "ورکشاپ" in str(e["SUMMARY"]))
    assert workshop["DTSTART"].params["TZID"] == "Asia/Karachi"
    starts = workshop.decoded("DTSTART")
    assert starts == datetime.combine(mela.start_date, time(10, 30), tzinfo=KARACHI)
    assert starts.utcoffset() == timedelta(hours=5)
    assert workshop.decoded("DTEND").astimezone(KARACHI).time() == time(12, 0)
    assert "رلی کی کڑھائی کا ورکشاپ" in str(workshop["SUMMARY"])
    for event in events.values():
        assert event["DTSTAMP"]
    assert b"\r\n" in client.get(f"/melas/{mela.slug}/calendar.ics").content  # CRLF lines


def test_uids_are_stable_across_edits_and_republishing(client, mela_with_schedule):
    mela = mela_with_schedule
    before = set(events_of(parse(client.get(f"/melas/{mela.slug}/calendar.ics"))))

    revision = MelaPage.objects.get(pk=mela.pk)
    items = list(revision.schedule_items.order_by("day"))
    items[0].start_time, items[0].title = time(11, 0), "Ralli workshop (moved)"
    revision.schedule_items = items
    revision.save_revision().publish()
    from django.core.cache import cache

    cache.clear()
    after_calendar = parse(client.get(f"/melas/{mela.slug}/calendar.ics"))
    assert set(events_of(after_calendar)) == before
    moved = next(e for e in after_calendar.walk("VEVENT") if "moved" in str(e["SUMMARY"]))
    assert moved.decoded("DTSTART").astimezone(KARACHI).time() == time(11, 0)


def test_upcoming_calendar_lists_only_upcoming_live_melas(client, mela_with_schedule):
    make_mela("Past Mela", start=mela_today() - timedelta(days=30))
    make_mela("Draft Mela", start=mela_today() + timedelta(days=9), publish=False)
    calendar = parse(client.get("/melas/calendar.ics"))
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["دستکاری میلہ · Crafts Mela Lahore"]


def test_unknown_or_draft_mela_has_no_calendar(client, site_tree):
    draft = make_mela("Draft Mela", publish=False)
    assert client.get(f"/melas/{draft.slug}/calendar.ics").status_code == 404
    assert client.get("/melas/no-such-mela/calendar.ics").status_code == 404
