"""Content translation end to end, on a 360 px phone: a producer group's staff member makes
the Urdu version of their own product in the admin and submits it for moderation; a
moderator approves and publishes it; a buyer on /ur/ sees the Urdu title, and on a product
with no Urdu version sees the English title marked lang="en" under a short Urdu notice.

Screenshots land in test-output/screenshots/<test name>/.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils.translation import override
from wagtail.models import Locale

from catalog.models import ProductPage
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, Screenshots
from tests.factories import UserFactory, make_group, make_product, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "two-languages-one-shawl-7"
URDU_TITLE = "پھلکاری شال"
NOTICE = "اس صفحے کا اردو ورژن ابھی نہیں ہے"


@pytest.fixture
def world(live_server):
    group = make_group("Lahore Embroiderers Union")
    shawl = make_product(group, "Phulkari shawl", price="4500.00", stock=5)
    quilt = make_product(group, "Ralli quilt", price="9000.00", stock=5)
    staff = make_staff(group, "lahore-staff")
    moderator = UserFactory(username="moderator")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    for user in (staff, moderator):
        user.set_password(PASSWORD)
        user.save()
    return {"url": live_server.url, "shawl": shawl, "quilt": quilt, "staff": staff}


def _phone(browser, request, who: str):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page.shot = Screenshots(page, f"{request.node.name}-{who}")
    return context, page


def _urdu_url(page) -> str:
    with override("ur"):
        url = page.get_url()
    assert url.startswith("/ur/"), url
    return url


def _log_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_staff_translate_their_product_a_moderator_publishes_it_buyers_read_it_in_urdu(
    browser, world, request
):
    base, shawl = world["url"], world["shawl"]

    # Group staff: "Urdu version" on their product, confirm, translate the title, submit.
    context, page = _phone(browser, request, "staff")
    _log_in(page, base, world["staff"].username)
    page.goto(base + f"/admin/pages/{shawl.pk}/edit/")
    urdu_version = page.get_by_role("link", name="Urdu version")
    if not urdu_version.is_visible():  # folded into the header's menu on a phone
        page.locator("header").get_by_role("button", name="Actions").click()
    urdu_version.click()
    # The screen says what it is for, as every admin screen does (it had no heading).
    assert page.get_by_role("heading", level=1).inner_text() == "Urdu version"
    page.shot("confirm")
    page.get_by_role("button", name="Make the Urdu version").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    translation = ProductPage.objects.get(
        translation_key=shawl.translation_key, locale__language_code="ur"
    )
    assert page.url.endswith(f"/admin/pages/{translation.pk}/edit/")
    page.locator("#id_title").fill(URDU_TITLE)
    page.shot("urdu-draft")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to")).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    page.shot("submitted")
    context.close()
    translation.refresh_from_db()
    assert translation.current_workflow_state is not None
    assert not translation.live

    # The moderator: the Urdu version waits on the dashboard; approve and publish.
    context, page = _phone(browser, request, "moderator")
    _log_in(page, base, "moderator")
    panel = page.locator("#awaiting-review-section")
    assert URDU_TITLE in panel.inner_text()
    page.shot("dashboard")
    panel.get_by_role("link", name=URDU_TITLE).first.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{translation.pk}/edit/"))
    approve = page.locator(
        "footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    if not approve.is_visible():
        page.get_by_role("button", name="More actions").click()
    page.shot("review")
    approve.click()
    page.wait_for_load_state("networkidle")
    page.shot("approved")
    context.close()
    translation.refresh_from_db()
    assert translation.live
    assert translation.title == URDU_TITLE
    assert translation.locale == Locale.objects.get(language_code="ur")

    # A buyer on /ur/: the Urdu title, no notice; a product with no Urdu version falls back.
    context, page = _phone(browser, request, "buyer")
    page.goto(base + _urdu_url(shawl))
    assert page.locator("h1").inner_text() == URDU_TITLE
    assert page.locator(".untranslated-notice").count() == 0
    # The description was not translated: the English copy is marked, even on the Urdu version
    # (its full stop was on the wrong side).
    assert page.locator(".description").get_attribute("lang") == "en"
    page.shot("urdu-product")
    page.goto(base + _urdu_url(world["quilt"]))
    heading = page.locator("h1 bdi[lang=en]")
    assert heading.inner_text() == "Ralli quilt"
    assert NOTICE in page.locator(".untranslated-notice").inner_text()
    assert page.locator("html").get_attribute("lang") == "ur"
    page.shot("english-fallback")
    context.close()
