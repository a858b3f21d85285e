"""Fifty stored XSS payloads (tests/xss_payloads.py) in every field buyers and staff can edit
stay inert text in Chromium: on the storefront, the buyer's order pages and account, the
order desk and packing slip, the notification log, payouts, statements, mela screens and the
Wagtail admin's own listings and editors.

On every page: no dialog opens; no script-src Content-Security-Policy violation (the
storefront's policy would block an injected inline script or handler, but the injection
itself is the hole); and no element in the page carries a payload in an executable place
(an inline handler, an inline script, a `javascript:` URL, `srcdoc`, a meta refresh).
Payloads are batched: each page shows many of them at once, one page load each.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.hostile_world import build_hostile_world
from tests.xss_payloads import XSS_PAYLOADS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Elements and attributes where a payload would run. Wagtail's own inline scripts (the admin
# allows them) are judged by their text: none of them calls alert, confirm, prompt or eval.
FIND_EXECUTABLE_PAYLOADS = r"""() => {
  const marker = /alert|confirm\(|prompt\(|eval\(|\\u0061|constructor\(/i;
  const urlAttributes = ["href", "src", "action", "formaction", "data", "xlink:href", "background"];
  const found = [];
  const describe = (element, why) => found.push(why + ": " + element.outerHTML.slice(0, 160));
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
      if (name.startsWith("on") && marker.test(attribute.value)) describe(element, "handler");
      if (urlAttributes.includes(name) && /^(javascript|vbscript|data:text\/html)/.test(value))
        describe(element, "script URL");
      if (name === "srcdoc") describe(element, "srcdoc");
      if (name === "style" && value.includes("javascript:")) describe(element, "style URL");
    }
    const tag = element.tagName.toLowerCase();
    const type = (element.getAttribute("type") || "").toLowerCase();
    const runs = ["", "text/javascript", "module", "application/javascript"].includes(type);
    if (tag === "script" && runs && marker.test(element.textContent)) describe(element, "script");
    const refresh = tag === "meta" && element.hasAttribute("http-equiv");
    if (refresh && /javascript:/i.test(element.content))
      describe(element, "meta refresh");
    if (tag === "base") describe(element, "base");
  }
  return found;
}"""

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', event => window.__violations.push(
  event.violatedDirective + ' ' + event.blockedURI + ' ' + (event.sample || '')));
"""


class PageInspector:
    """Opens pages in one browser context and records everything that would mean a payload ran."""

    def __init__(self, context, base_url: str):
        self.base_url = base_url
        self.page = context.new_page()
        self.page.add_init_script(WATCH_VIOLATIONS)
        self.problems: list[str] = []
        self.visited: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: None)  # injected garbage may not parse: fine

    def _dialog(self, dialog):
        self.problems.append(f"{self.page.url}: {dialog.type} dialog: {dialog.message}")
        dialog.dismiss()

    def check(self, path: str, *, shows_payloads: bool = True) -> str:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        self.inspect()
        if shows_payloads and "alert(" not in self.page.content():
            self.problems.append(f"{path}: shows none of the payloads, so proves nothing")
        self.visited.append(path)
        return self.page.content()

    def inspect(self) -> None:
        url = self.page.url
        for found in self.page.evaluate(FIND_EXECUTABLE_PAYLOADS):
            self.problems.append(f"{url}: {found}")
        for violation in self.page.evaluate("() => window.__violations || []"):
            if violation.startswith("script-src"):
                self.problems.append(f"{url}: CSP blocked an injected script: {violation}")
        text = self.page.content()
        if settings.SECRET_KEY in text or "'False': False" in text:
            self.problems.append(f"{url}: a template payload was rendered as a template")


def logged_in_context(browser, user, base_url: str):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(20_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context


@pytest.fixture
def hostile(live_server):
    world = build_hostile_world()
    world["url"] = live_server.url
    return world


def test_payloads_stay_text_on_the_storefront_and_the_buyers_pages(browser, hostile):
    base = hostile["url"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(20_000)
    pages = PageInspector(context, base)
    mela = hostile["mela"]
    storefront = [
        "/",
        "/shop/",
        "/shop/?q=script",
        hostile["group"].url,
        "/artisans/",
        *[artisan.url for artisan in hostile["artisans"]],
        *[product.url for product in hostile["products"]],
        mela.get_parent().url,
        mela.url,
        mela.url + "schedule/",
        mela.url + "stalls/",
        mela.url + "stalls/A-1/",
        "/ur/shop/",
        "/ur" + hostile["products"][0].url,
    ]
    shown = "".join(pages.check(path) for path in storefront)
    assert pages.problems == [], "\n".join(pages.problems)
    # The payloads are there, as text (escaped in the HTML), not dropped on the way.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown

    pages.check(hostile["products"][0].url)
    pages.page.locator("form[action*='/cart/add/'] button[type=submit]").first.click()
    pages.check("/cart/")
    pages.check("/checkout/")
    form = pages.page.locator("form[method=post]").last
    for field, payload in [
        ("contact_name", XSS_PAYLOADS[2]),
        ("address_line1", XSS_PAYLOADS[24]),
        ("city", XSS_PAYLOADS[26]),
        ("buyer_note", " ".join(XSS_PAYLOADS[:10])),
        ("contact_phone", XSS_PAYLOADS[6][:20]),  # not a phone number: the form comes back
    ]:
        form.locator(f"[name={field}]").fill(payload)
    form.locator("button[type=submit]").last.click()
    pages.page.wait_for_load_state()
    pages.inspect()
    assert pages.page.locator("[name=contact_name]").input_value() == XSS_PAYLOADS[2]

    buyer = PageInspector(logged_in_context(browser, hostile["users"]["buyer"], base), base)
    for order in hostile["orders"]:
        buyer.check(order.get_absolute_url())
        buyer.check(order.get_absolute_url() + "receipt/")
    buyer.check("/account/orders/", shows_payloads=False)  # numbers and dates only
    buyer.check("/account/addresses/")
    problems = pages.problems + buyer.problems
    assert problems == [], "\n".join(problems)


def test_payloads_stay_text_on_the_order_desk_and_the_admin(browser, hostile):
    base = hostile["url"]
    group, mela = hostile["group"], hostile["mela"]
    product = hostile["products"][0]
    staff = PageInspector(logged_in_context(browser, hostile["users"]["staff"], base), base)
    staff.check("/admin/", shows_payloads=False)
    staff.check("/admin/images/", shows_payloads=False)
    for path in [
        reverse("orders_desk"),
        *[reverse("orders_desk_sub_order", args=[s.pk]) for s in hostile["sub_orders"]],
        *[reverse("orders_desk_packing_slip", args=[s.pk]) for s in hostile["sub_orders"]],
        reverse("events_application_list"),
        reverse("events_application_detail", args=[hostile["application"].pk]),
        reverse("statements_group", args=[group.pk]),
        f"/admin/pages/{group.pk}/",
        f"/admin/pages/{product.pk}/edit/",
        f"/admin/pages/{group.pk}/edit/",
        "/admin/pages/search/?q=script",
    ]:
        staff.check(path)

    admin = PageInspector(logged_in_context(browser, hostile["users"]["admin"], base), base)
    admin.check("/admin/", shows_payloads=False)
    for path in [
        reverse("orders_desk") + "?status=all",
        *[reverse("orders_desk_order", args=[order.pk]) for order in hostile["orders"]],
        reverse("orders_desk_transfers"),
        "/admin/notification_log/",
        *[f"/admin/notification_log/inspect/{pk}/" for pk in hostile["notification_ids"][:3]],
        reverse("payouts"),
        reverse("payouts_detail", args=[hostile["payout"].pk]),
        reverse("statements"),
        reverse("statements_group", args=[hostile["payable"].pk]),
        reverse("events_application_list"),
        reverse("events_mela_stalls", args=[mela.pk]),
        reverse("events_mela_report", args=[mela.pk]),
        f"/admin/pages/{mela.pk}/edit/",
        f"/admin/pages/{mela.get_parent().pk}/",
        "/admin/snippets/catalog/craftcategory/",
        f"/admin/pages/{hostile['home_pk']}/edit/",
    ]:
        admin.check(path)
    problems = staff.problems + admin.problems
    assert problems == [], "\n".join(problems)
