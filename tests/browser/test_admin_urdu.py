"""Group staff who chose Urdu in their account work in Urdu: the project's own admin screens are
all Urdu, and Wagtail's screens they use are at least 95 % Urdu (Wagtail ships no Urdu; the
project's catalogue for it is locale_wagtail/). Prints the share of Urdu per screen.

On the project's own screens (and its panels on Wagtail's dashboard) English content (titles,
names, SKUs' neighbours, addresses as typed) must also be marked lang="en": any visible
Latin-script word outside such an element fails, but for the allowlist in admin_urdu_support
(brands, units; numbers, codes and URLs are not words)."""

from decimal import Decimal
from pathlib import Path

import pytest
from wagtail.users.models import UserProfile

from catalog.models import ProductVariant
from events.models.pages import mela_today
from orders.finance.payouts import payout_create
from tests.browser.admin_urdu_support import measure
from tests.factories import (
    UserFactory,
    make_application,
    make_artisan,
    make_group,
    make_mela,
    make_organiser,
    make_payable_group,
    make_product,
    make_staff,
    make_stall,
)
from tests.orders.order_desk_support import finance_user, place_order, sub_order_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "urdu-admin-pass-5521"
PROJECT_GOAL = 1.0
WAGTAIL_GOAL = 0.95
REPORT = Path(__file__).resolve().parents[2] / "test-output" / "admin_urdu_share.txt"


@pytest.fixture
def world(live_server):
    group = make_group("Lahore Embroiderers Union", delivery_charge=Decimal("200.00"))
    other = make_group("Thar Ralli Cooperative", delivery_charge=Decimal("300.00"))
    shawl = make_product(group, "Phulkari shawl", price="4500.00", stock=20)
    quilt = make_product(other, "Ralli quilt", price="9999.99", stock=20)
    artisan = make_artisan(group, "Rukhsana Bibi")
    ProductVariant.objects.update(stock=20)
    order = place_order(
        {"shawl": shawl.variants.get(), "quilt": quilt.variants.get()}, contact_name="Ayesha Khan"
    )
    payout = payout_create(group_id=make_payable_group("Hala Ralli Makers", slug="hala").pk)
    mela = make_mela("Lahore Crafts Mela", start=mela_today())
    application = make_application(
        mela, group, products=[shawl], status="approved", stall=make_stall(mela)
    )
    staff = make_staff(group, "lahore-staff")
    finance = finance_user()
    organiser = make_organiser(mela, "mela-organiser")
    admin = UserFactory(username="platform-admin", is_superuser=True, is_staff=True)
    for user in (staff, finance, organiser, admin):
        user.set_password(PASSWORD)
        user.save()
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "ur"
        profile.save()
    content = {
        group.title,
        other.title,
        shawl.title,
        quilt.title,
        "Hala Ralli Makers",
        artisan.title,
        mela.title,
        staff.username,
        finance.username,
        organiser.username,
        admin.username,
        "Ayesha Khan",
        "Crafts Mela",
        "Producers",
        "Home",
        shawl.gallery_images.first().image.title,
        quilt.gallery_images.first().image.title,
        "Ralli quilts",
        "Punjab",
        "Lahore",
        "Hand-stitched by the group.",
        "Textiles",
        "localhost",  # the site's name on the dashboard
        "Moderators approval",  # the moderation workflow's name
        "House 12, Street 4, Model Town",  # the buyer's address, as typed
    }
    return {
        "url": live_server.url,
        "group": group,
        "shawl": shawl,
        "artisan": artisan,
        "image_id": shawl.gallery_images.first().image_id,
        "sub_order": sub_order_of(order, group),
        "order": order,
        "payout": payout,
        "application": application,
        "mela": mela,
        "staff": staff,
        "finance": finance,
        "organiser": organiser,
        "admin": admin,
        "content": content,
    }


def log_in(page, base: str, user) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_group_staff_work_in_urdu_on_project_and_wagtail_screens(browser, world):
    base, group, shawl = world["url"], world["group"], world["shawl"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ur-PK")
    page = context.new_page()
    project, wagtail = [], []

    def screen(kind: list, name: str, path: str | None = None, within: str = "body"):
        if path:
            response = page.goto(base + path)
            assert response.status == 200, (name, path, response.status)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "ur", name
        if kind is project and within == "body" and page.locator("main").count():
            within = "main"  # the screen itself, not Wagtail's menu around it
        share = measure(page, name, world["content"], project=kind is project, within=within)
        kind.append(share)
        page.screenshot(path=str(REPORT.parent / "admin-urdu" / f"{name}.png"), full_page=True)

    def panel(name: str, selector: str):
        """The project's own panel on Wagtail's dashboard (already open)."""
        assert page.locator(selector).count(), name
        screen(project, name, within=selector)

    (REPORT.parent / "admin-urdu").mkdir(parents=True, exist_ok=True)
    log_in(page, base, world["staff"])
    page.goto(base + "/admin/account/")
    assert page.locator("option[value=ur]").count() == 1  # Urdu is offered in their account

    screen(wagtail, "dashboard", "/admin/")
    panel("group staff panel", "section[id^=group-staff-]")
    screen(project, "Urdu version confirm", f"/admin/translate/{shawl.pk}/")
    screen(wagtail, "page listing", f"/admin/pages/{group.pk}/")
    screen(wagtail, "product editor", f"/admin/pages/{shawl.pk}/edit/")
    screen(wagtail, "artisan editor", f"/admin/pages/{world['artisan'].pk}/edit/")
    screen(wagtail, "group editor", f"/admin/pages/{group.pk}/edit/")
    screen(wagtail, "images", "/admin/images/")
    screen(wagtail, "image upload", "/admin/images/multiple/add/")
    screen(wagtail, "image editor", f"/admin/images/{world['image_id']}/")
    screen(wagtail, "account", "/admin/account/")
    page.goto(base + f"/admin/pages/{world['artisan'].pk}/edit/")
    page.locator("footer button.action-save").click()
    page.wait_for_load_state("networkidle")
    screen(wagtail, "draft saved")
    page.goto(base + f"/admin/pages/{shawl.pk}/edit/")
    page.locator("[data-side-panel-toggle=status]").click()
    screen(wagtail, "editor status panel")
    page.goto(base + f"/admin/pages/{shawl.pk}/edit/")
    page.locator("footer [data-w-dropdown-target=toggle]").click()
    screen(wagtail, "editor action menu")
    page.locator("button[name=action-submit]").click()
    page.wait_for_load_state("networkidle")
    screen(wagtail, "moderation submitted")

    sub_order = world["sub_order"]
    screen(project, "variants and stock", f"/admin/catalog/products/{shawl.pk}/variants/")
    screen(project, "order desk", "/admin/orders/")
    screen(project, "sub-order", f"/admin/orders/sub-orders/{sub_order.pk}/")
    screen(project, "packing slip", f"/admin/orders/sub-orders/{sub_order.pk}/packing-slip/")
    screen(project, "statement", f"/admin/statements/{group.pk}/")
    screen(project, "stall applications", "/admin/melas/applications/")
    application = world["application"]
    screen(project, "stall application", f"/admin/melas/applications/{application.pk}/")
    screen(project, "stall application form", "/admin/melas/applications/new/")
    screen(project, "stall sales", f"/ur{world['mela'].url}stall-sales/?group={group.pk}")
    # The order desk as group staff see it on their phones, in Urdu (looked at by people).
    page.set_viewport_size({"width": 360, "height": 740})
    screen(project, "order desk on a phone", "/admin/orders/")
    page.set_viewport_size({"width": 1280, "height": 900})

    context.clear_cookies()
    log_in(page, base, world["finance"])
    screen(project, "payouts", "/admin/payouts/")
    screen(project, "notifications log", "/admin/notification_log/")
    screen(project, "payout", f"/admin/payouts/{world['payout'].pk}/")
    screen(project, "transfers", "/admin/orders/transfers/")
    screen(project, "statements", "/admin/statements/")

    context.clear_cookies()
    log_in(page, base, world["organiser"])
    screen(project, "mela stalls", f"/admin/melas/{world['mela'].pk}/stalls/")
    screen(project, "mela report", f"/admin/melas/{world['mela'].pk}/report/")

    context.clear_cookies()
    log_in(page, base, world["admin"])  # moderates, and handles personal data
    page.goto(base + "/admin/")
    panel("moderation panel", "#awaiting-review-section")
    panel("pending work panel", "#pending-work-section")
    screen(project, "order", f"/admin/orders/{world['order'].pk}/")
    screen(project, "personal data", "/admin/personal-data/?kind=buyer&username=&phone=&email=")
    context.close()

    lines = ["Wagtail's screens (goal 95 %):", *(s.line() for s in wagtail)]
    lines += ["Project's screens (goal 100 %):", *(s.line() for s in project)]
    english = [f"{s.name}: {text!r}" for s in wagtail + project for text in s.english]
    unmarked = [f"{s.name}: {text!r}" for s in project for text in s.unmarked]
    report = [*lines, "", "English left:", *english, "", "English content not marked:", *unmarked]
    REPORT.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(lines))
    below = [s.line() for s in wagtail if s.share < WAGTAIL_GOAL]
    below += [s.line() for s in project if s.share < PROJECT_GOAL or s.unmarked]
    assert not below, "\n".join(below + report[len(lines) :])
