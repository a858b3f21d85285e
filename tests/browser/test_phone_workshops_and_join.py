"""Workshops and joining the network on a 360 px phone, in English and Urdu: the workshop
page, signing up with Urdu digits, the organisers' attendance page, and the application form
and its private status page. No sideways scrolling, controls at least 44 x 44 px.

Screenshots land in test-output/screenshots/<test name>/.
"""

import pytest

from catalog.models import NetworkApplication
from events.models import WorkshopSignup
from events.models.pages import mela_today
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, Screenshots
from tests.browser.phone_checks import layout_problems
from tests.browser.storefront_site import session_cookie_for
from tests.events.workshop_helpers import make_workshop
from tests.factories import CraftCategoryFactory, make_mela, make_organiser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_workshop_and_join_pages_fit_a_phone_in_both_languages(browser, live_server, request):
    CraftCategoryFactory(name="Ralli quilts", name_ur="رلی", slug="ralli-quilts")
    mela = make_mela(start=mela_today())
    workshop = make_workshop(
        mela, title="Pricing your work for shops and exporters", day=mela_today(), capacity=12
    )
    organiser = make_organiser(mela)
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    screenshots = Screenshots(page, request.node.name)
    problems: list[str] = []

    def visit(name: str, path: str) -> None:
        page.goto(live_server.url + path)
        problems.extend(f"{name}: {problem}" for problem in layout_problems(page))
        screenshots(name)

    for prefix, phone in (("", "0300 1234567"), ("/ur", "۰۳۳۳ ۷۶۵۴۳۲۱")):
        language = prefix.strip("/") or "en"
        visit(f"workshop-{language}", prefix + workshop.url)
        visit(f"sign-up-{language}", prefix + workshop.url + "sign-up/")
        page.fill("input[name=phone]", phone)
        page.click("form.sale-form button[type=submit]")
        page.wait_for_load_state()
        screenshots(f"signed-up-{language}")
        visit(f"join-{language}", prefix + "/join/")
        visit(f"mela-{language}", prefix + mela.url)

    assert WorkshopSignup.objects.filter(workshop=workshop).count() == 2

    # The application form, filled in Urdu, then its private status page.
    page.goto(live_server.url + "/ur/join/")
    page.fill("input[name=name]", "Mithi Ralli Cooperative")
    page.select_option("select[name=kind]", "cooperative")
    page.fill("input[name=province]", "Sindh")
    page.fill("input[name=district]", "Tharparkar")
    page.fill("input[name=member_count]", "۴۰")
    page.check("input[name=crafts]")
    page.fill("input[name=contact_name]", "Sakina Bai")
    page.fill("input[name=contact_phone]", "0333 1234567")
    page.fill("input[name=contact_email]", "sakina@example.org")
    page.click("form.join-form button[type=submit]")
    page.wait_for_load_state()
    application = NetworkApplication.objects.get()
    assert page.url.endswith(f"/join/{application.edit_token}/")
    problems.extend(f"status-ur: {problem}" for problem in layout_problems(page))
    screenshots("application-status-ur")

    context.add_cookies([session_cookie_for(organiser, live_server.url)])
    for prefix in ("", "/ur"):
        visit(f"attendance-{prefix.strip('/') or 'en'}", prefix + workshop.url + "attendance/")
    page.locator("[data-testid=mark-present]").first.click()
    page.wait_for_load_state()
    screenshots("attendance-marked-ur")
    assert WorkshopSignup.objects.filter(attended=True).count() == 1
    context.close()

    assert not errors
    assert not problems, "\n".join(problems)
