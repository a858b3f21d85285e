"""A visitor on a phone finds the next mela, reads tomorrow's schedule and saves the calendar.

Screenshots land in test-output/screenshots/<test name>/.
"""

import re
from datetime import time, timedelta

import pytest
from icalendar import Calendar

from events.models.pages import mela_today
from tests.factories import (
    make_application,
    make_group,
    make_mela,
    make_product,
    make_stall,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def mela_site(live_server):
    today = mela_today()
    tomorrow = today + timedelta(days=1)
    mela = make_mela(
        "Lahore Crafts Mela",
        start=today,
        days=3,
        intro="Three days of crafts by home-based women workers, with workshops and music.",
        entry_information="Free entry. Open 10:00 to 20:00 every day.",
        schedule=[
            {
                "day": today,
                "start_time": time(11, 0),
                "end_time": time(12, 0),
                "title": "Opening of the mela",
                "kind": "cultural",
                "place": "Main stage",
            },
            {
                "day": tomorrow,
                "start_time": time(10, 30),
                "end_time": time(12, 0),
                "title": "Ralli quilting workshop",
                "kind": "workshop",
                "place": "Workshop tent",
                "presenters": "Women of the Hyderabad Ralli Makers",
            },
            {
                "day": tomorrow,
                "start_time": time(16, 0),
                "end_time": time(17, 0),
                "title": "رلی کی کہانی",
                "kind": "talk",
                "place": "Main stage",
            },
        ],
    )
    group = make_group("Hyderabad Ralli Makers", province="Sindh", district="Hyderabad")
    product = make_product(group, "Ralli quilt", price="12500.00")
    make_application(mela, group, products=[product], status="approved", stall=make_stall(mela))
    return {"url": live_server.url, "mela": mela, "tomorrow": tomorrow}


def horizontal_overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_visitor_reads_tomorrows_schedule_and_downloads_the_calendar(phone_page, mela_site):
    page = phone_page
    # Given the home page, which announces the mela on now
    page.goto(mela_site["url"] + "/")
    next_mela = page.locator("section[aria-labelledby=next-mela]")
    assert "Lahore Crafts Mela" in next_mela.inner_text()
    page.screenshots("home")

    # When the visitor opens it
    next_mela.get_by_role("link", name="See the mela").click()
    page.wait_for_url(re.compile(r"/melas/lahore-crafts-mela/$"))
    assert page.locator("h1").inner_text() == "Lahore Crafts Mela"
    assert "Hyderabad Ralli Makers" in page.locator("#mela-exhibitors ~ ul").inner_text()
    assert horizontal_overflow(page) <= 1, "the mela page scrolls sideways on a phone"
    page.screenshots("mela")

    # And goes to the schedule, then to tomorrow
    page.get_by_role("link", name="Day-by-day schedule").click()
    page.wait_for_url(re.compile(r"/schedule/$"))
    page.locator(".day-tabs a", has_text="Tomorrow").click()
    page.wait_for_url(re.compile(rf"day={mela_site['tomorrow'].isoformat()}"))
    heading = page.get_by_test_id("schedule-day").inner_text()
    assert "Tomorrow" in heading
    titles = page.locator(".schedule-title").all_inner_texts()
    assert titles == ["Ralli quilting workshop", "رلی کی کہانی"]
    assert "10:30–12:00" in page.locator(".schedule-time").first.inner_text()
    assert "Opening of the mela" not in page.content()
    assert horizontal_overflow(page) <= 1, "the schedule scrolls sideways on a phone"
    page.screenshots("schedule-tomorrow")

    # Then the calendar file downloads and holds tomorrow's items at Pakistan time
    with page.expect_download() as download_info:
        page.get_by_test_id("calendar-download").click()
    download = download_info.value
    assert download.suggested_filename == "lahore-crafts-mela.ics"
    calendar = Calendar.from_ical(open(download.path(), "rb").read())  # noqa: SIM115
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    workshop = events["Ralli quilting workshop · Lahore Crafts Mela"]
    assert workshop["DTSTART"].params["TZID"] == "Asia/Karachi"
    assert workshop.decoded("DTSTART").date() == mela_site["tomorrow"]
    assert workshop.decoded("DTSTART").time() == time(10, 30)
    assert "رلی کی کہانی · Lahore Crafts Mela" in events

    assert page.javascript_errors == []


def test_mela_index_and_stall_map_on_a_laptop(page, screenshot, mela_site):
    page.goto(mela_site["url"] + "/")
    page.locator("header.site-header nav").get_by_role("link", name="Melas").click()
    page.wait_for_url(re.compile(r"/melas/$"))
    assert "Lahore Crafts Mela" in page.locator("#upcoming-melas ~ ul").inner_text()
    screenshot("melas-index")
    page.goto(mela_site["url"] + mela_site["mela"].url + "stalls/")
    assert "Hyderabad Ralli Makers" in page.locator(".stall-map").inner_text()
    screenshot("stall-map")
    page.locator(".stall-map a.taken").first.click()
    page.wait_for_url(re.compile(r"/stalls/A-1/$"))
    assert page.locator("h1").inner_text() == "Hyderabad Ralli Makers"
    screenshot("stall-page")
    assert page.javascript_errors == []
