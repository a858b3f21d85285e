"""The trade screens in Chromium: the buyer's enquiry form and private enquiry page on a
360 px phone in English and Urdu (no sideways scrolling, tap targets, no inline script or
style), and the admin listing for a group's staff and for a moderator.

Screenshots land in test-output/screenshots/<test name>/.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from marketplace.models import NotificationLog
from orders.trade.enquiries import (
    EnquiryDetails,
    EnquiryItemDraft,
    enquiry_confirm,
    enquiry_submit,
)
from orders.trade.quotes import QuoteTerms, quote_submit
from tests.browser.phone_checks import layout_problems
from tests.factories import CraftCategoryFactory, UserFactory, make_group, make_product, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "trade-screens-5512"
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.fixture
def trade_site(live_server):
    quilts = CraftCategoryFactory(name="Ralli quilts", slug="ralli-quilts")
    hala = make_group("Hala Ralli Makers", province="Sindh", district="Matiari")
    make_product(hala, "Ralli quilt", price="9000.00", category=quilts)
    staff = make_staff(hala, "hala-staff")
    moderator = UserFactory(username="trade-moderator")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    for user in (staff, moderator):
        user.set_password(PASSWORD)
        user.save()
    enquiry = enquiry_submit(
        details=EnquiryDetails(
            buyer_name="Sana Mirza",
            business_name="Indus Home Exports",
            buyer_kind="exporter",
            deadline=timezone.localdate() + timedelta(days=60),
            delivery_place="Port Qasim warehouse 7, Karachi",
            contact_phone="+923217654321",
            will_visit=True,
            producer_group_id=hala.pk,
        ),
        items=[
            EnquiryItemDraft("Ralli quilt, double bed, indigo and red", 200, Decimal("7000")),
            EnquiryItemDraft("Ralli cushion cover, 45 cm", 300),
        ],
        language="en",
    )
    sms = NotificationLog.objects.get(event="trade_enquiry_confirm", channel="sms")
    assert enquiry_confirm(token=enquiry.access_token, code=re.search(r"\d{6}", sms.body)[0])
    quote_submit(
        user=staff,
        enquiry_id=enquiry.pk,
        group_id=hala.pk,
        prices={item.pk: Decimal("7400.00") for item in enquiry.items.all()},
        terms=QuoteTerms(
            lead_time_days=45,
            valid_until=timezone.localdate() + timedelta(days=14),
            sample_available=True,
            delivery_charge=Decimal("3000.00"),
            advance_percent=30,
        ),
    )
    return {
        "url": live_server.url,
        "hala": hala,
        "enquiry": enquiry,
        "staff": staff,
        "moderator": moderator,
    }


def check_phone_screen(page, name: str, served_html: str) -> None:
    assert layout_problems(page) == [], name
    assert not INLINE.search(served_html), f"{name}: inline script or style"
    assert page.javascript_errors == []
    page.screenshots(name)


def test_buyer_screens_on_a_phone_in_both_languages(phone_page, trade_site):
    page, base = phone_page, trade_site["url"]
    group, enquiry = trade_site["hala"], trade_site["enquiry"]
    for prefix, language in (("", "en"), ("/ur", "ur")):
        response = page.goto(f"{base}{prefix}/trade/ask/?group={group.pk}")
        assert page.locator("html").get_attribute("lang") == language
        check_phone_screen(page, f"enquiry-form-{language}", response.text())
        with page.expect_navigation() as submitted:
            page.get_by_test_id("trade-enquiry-form").locator("button[type=submit]").click()
        page.get_by_test_id("error-summary").wait_for()
        check_phone_screen(page, f"enquiry-form-errors-{language}", submitted.value.text())

        response = page.goto(f"{base}{prefix}{enquiry.get_absolute_url()}")
        assert page.get_by_test_id("trade-quote").count() == 1
        assert page.get_by_test_id("enquiry-confirmed").is_visible()
        check_phone_screen(page, f"enquiry-page-{language}", response.text())

    page.goto(f"{base}/ur/trade/ask/?group={group.pk}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "تجارتی کوٹیشن مانگیں" in page.locator("h1").inner_text()


def log_in(page, base: str, user) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_admin_listing_for_the_group_and_for_moderators(page, trade_site):
    base, enquiry = trade_site["url"], trade_site["enquiry"]
    log_in(page, base, trade_site["staff"])
    page.goto(base + "/admin/trade-enquiries/")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 1 and "Indus Home Exports" in rows.first.inner_text()
    page.screenshots("group-listing")
    rows.first.get_by_role("link", name="Indus Home Exports").click()
    page.wait_for_url(re.compile(rf"/admin/trade-enquiries/{enquiry.pk}/$"))
    assert page.get_by_test_id("contact-withheld").is_visible()
    assert "+923217654321" not in page.content()
    page.screenshots("group-enquiry")
    page.context.clear_cookies()  # log out (the logout view takes only POST)

    log_in(page, base, trade_site["moderator"])
    page.goto(base + "/admin/trade-enquiries/")
    assert "Open" in page.locator("table.listing tbody tr").first.inner_text()
    page.goto(f"{base}/admin/trade-enquiries/{enquiry.pk}/")
    page.fill("textarea[name=reason], input[name=reason]", "Test of hiding")
    page.get_by_role("button", name="Hide").click()
    page.wait_for_url(re.compile(rf"/admin/trade-enquiries/{enquiry.pk}/$"))
    assert page.get_by_test_id("enquiry-state").inner_text() == "Hidden"
    page.screenshots("moderator-hidden")
