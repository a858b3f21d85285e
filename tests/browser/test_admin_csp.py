"""The Wagtail admin works under its Content-Security-Policy in Chromium.

A platform admin and a producer group's staff log in through the login form, open the
dashboard, the page explorer, a product's editor (and save a draft, which must reach the
database), upload an image through the multiple-upload screen (it must be stored), and the
project's own admin screens. Every `securitypolicyviolation` event and every console message
about the policy fails the test: under the admin's policy nothing may be refused.
"""

import re

import pytest
from django.urls import reverse
from wagtail.images.models import Image

from catalog.models import ProductPage
from tests.factories import UserFactory, make_group, make_mela, make_product, make_staff, png_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EXTERNAL = re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])")
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
REPORT_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', e => console.error("
    "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI"
    " + ' ' + (e.sample || '')))"
)


@pytest.fixture
def admin_site(live_server):
    group = make_group("Hyderabad Ralli Makers", province="Sindh", district="Hyderabad")
    product = make_product(group, "Ralli quilt", price="12500.00")
    mela = make_mela("Lahore Crafts Mela")
    make_staff(group, "ralli-staff")
    UserFactory(username="platform", is_superuser=True, is_staff=True)
    return {"url": live_server.url, "group": group, "product": product, "mela": mela}


def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(30_000)
    # Tests reach only 127.0.0.1: the dashboard's update check (allowed by the policy) is
    # aborted here, which the browser reports as a network error, not as a violation.
    context.route(EXTERNAL, lambda route: route.abort())
    page = context.new_page()
    page.add_init_script(REPORT_VIOLATIONS)
    page.violations = []
    page.on(
        "console",
        lambda message: (
            page.violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(f"{page.url}: {error}"))
    return context, page


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(base + "/admin/")


def edit_and_save_draft(page, base: str, product: ProductPage, title: str) -> None:
    page.goto(f"{base}/admin/pages/{product.pk}/edit/")
    page.fill("input[name=title]", title)
    page.get_by_role("button", name="Save draft").first.click()
    page.wait_for_load_state()
    page.locator(
        ".messages .success, .w-message--success, [data-w-messages-target]"
    ).first.wait_for()


def upload_image(page, base: str, tmp_path, name: str) -> None:
    image = tmp_path / f"{name}.png"
    image.write_bytes(png_bytes(120, 90))
    page.goto(base + "/admin/images/multiple/add/")
    page.set_input_files("input[type=file]", str(image))
    # The upload is a fetch; success replaces the progress bar with the image's edit form.
    page.locator("#upload-list li.upload-success, #upload-list .upload-success").first.wait_for()


def visit(page, base: str, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(base + path)
        assert response.status < 400, (path, response.status)


# One test for both people: the live server's database is built once.
def test_platform_admin_and_group_staff_work_under_the_admin_policy(browser, admin_site, tmp_path):
    base, product, mela = admin_site["url"], admin_site["product"], admin_site["mela"]
    group = admin_site["group"]

    context, platform = watched(browser)
    log_in(platform, base, "platform")
    visit(
        platform,
        base,
        [
            "/admin/",
            "/admin/pages/",
            f"/admin/pages/{group.pk}/",
            f"/admin/pages/{mela.pk}/edit/",
            reverse("orders_desk"),
            reverse("orders_desk_transfers"),
            reverse("payouts"),
            reverse("statements"),
            reverse("events_application_list"),
            reverse("events_mela_stalls", args=[mela.pk]),
            reverse("events_mela_report", args=[mela.pk]),
            "/admin/notification_log/",
            "/admin/login_lockouts/",
            "/admin/images/",
            "/admin/reports/locked/",
        ],
    )
    edit_and_save_draft(platform, base, product, "Ralli quilt, indigo and madder")
    upload_image(platform, base, tmp_path, "platform-upload")
    context.close()
    product.refresh_from_db()
    assert product.has_unpublished_changes
    assert product.get_latest_revision_as_object().title == "Ralli quilt, indigo and madder"
    assert Image.objects.filter(title="platform-upload").exists()

    context, staff = watched(browser)
    log_in(staff, base, "ralli-staff")
    visit(
        staff,
        base,
        [
            "/admin/",
            f"/admin/pages/{group.pk}/",
            reverse("orders_desk"),
            reverse("events_application_list"),
            reverse("statements_group", args=[group.pk]),
            "/admin/images/",
        ],
    )
    edit_and_save_draft(staff, base, product, "Ralli quilt (draft by the group)")
    upload_image(staff, base, tmp_path, "group-upload")
    context.close()
    product.refresh_from_db()
    assert product.get_latest_revision_as_object().title == "Ralli quilt (draft by the group)"
    assert Image.objects.filter(title="group-upload").exists()

    violations = platform.violations + staff.violations
    assert violations == [], "\n".join(violations)
