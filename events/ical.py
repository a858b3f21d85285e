"""iCalendar (RFC 5545) feeds: one mela with its schedule, and all upcoming melas.

Schedule times carry TZID=Asia/Karachi with its VTIMEZONE, so calendar apps show them at the
right hour wherever the visitor is. UIDs are built from database identities (the mela's page
id, the schedule item's uuid), never from titles or times, so an edited item updates the
event in a subscriber's calendar instead of adding a second one.
"""

from datetime import datetime, timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

from events.models import MelaPage, ScheduleItem
from events.models.pages import MELA_TIME_ZONE

PRODUCT_ID = "-//Crafts Mela//Melas//EN"


def _uid_domain() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "crafts-mela.local"


def mela_uid(mela: MelaPage) -> str:
    return f"mela-{mela.pk}@{_uid_domain()}"


def schedule_item_uid(mela: MelaPage, item: ScheduleItem) -> str:
    return f"mela-{mela.pk}-item-{item.uid}@{_uid_domain()}"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(MELA_TIME_ZONE))
    return calendar


def _stamp(mela: MelaPage) -> datetime:
    return mela.last_published_at or mela.latest_revision_created_at or timezone.now()


def _location(mela: MelaPage) -> str:
    return ", ".join(
        part for part in (mela.venue_name, mela.venue_address, mela.venue_city) if part
    )


def _mela_event(mela: MelaPage, url: str) -> Event:
    event = Event()
    event.add("uid", mela_uid(mela))
    event.add("dtstamp", _stamp(mela))
    event.add("summary", mela.title)
    # All-day events: DTEND is the day after the last day (exclusive), as RFC 5545 says.
    event.add("dtstart", mela.start_date)
    event.add("dtend", mela.end_date + timedelta(days=1))
    event.add("location", _location(mela))
    description = "\n\n".join(part for part in (mela.intro, mela.entry_information, url) if part)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def _item_event(mela: MelaPage, item: ScheduleItem, url: str) -> Event:
    event = Event()
    event.add("uid", schedule_item_uid(mela, item))
    event.add("dtstamp", _stamp(mela))
    event.add("summary", f"{item.title} · {mela.title}")
    event.add("dtstart", item.starts_at)
    event.add("dtend", item.ends_at)
    event.add("location", vText(f"{item.place}, {_location(mela)}"))
    event.add("categories", [item.get_kind_display()])
    presenters = [item.presenters]
    if item.public_artisan is not None:
        presenters.append(item.public_artisan.public_name)
    parts = [item.description, ", ".join(name for name in presenters if name), url]
    event.add("description", "\n\n".join(part for part in parts if part))
    event.add("url", url)
    return event


def mela_calendar(*, mela: MelaPage, items, mela_url: str, schedule_url: str) -> bytes:
    calendar = _calendar(mela.title)
    calendar.add_component(_mela_event(mela, mela_url))
    for item in items:
        calendar.add_component(_item_event(mela, item, schedule_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def upcoming_calendar(*, melas_with_urls, name: str) -> bytes:
    calendar = _calendar(name)
    for mela, url in melas_with_urls:
        calendar.add_component(_mela_event(mela, url))
    return calendar.to_ical()


def google_calendar_link(mela: MelaPage, url: str) -> str:
    """An 'add to Google Calendar' link for the whole mela (all-day, end date exclusive)."""
    dates = f"{mela.start_date:%Y%m%d}/{mela.end_date + timedelta(days=1):%Y%m%d}"
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": mela.title,
            "dates": dates,
            "details": "\n".join(part for part in (mela.intro, url) if part),
            "location": _location(mela),
            "ctz": str(MELA_TIME_ZONE),
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"
