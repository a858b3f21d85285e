"""Driving the Wagtail admin as a test client and reading its answers: a request with a fresh
message cookie, Wagtail's ways of refusing, a form's data as a browser would submit it, the
error messages on a page, and the positive check that A's staff can do their own work."""

from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from tests.catalog.two_groups import TwoGroups

DENIED_MESSAGE = "do not have permission"


def is_permission_denied(response) -> bool:
    """403, 404, or wagtail.admin.auth.permission_denied: a redirect home with an error.

    A redirect to the login page is *not* a denial here: it would mean the user was not logged
    in at all, and the matrix would prove nothing.
    """
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
        return any(
            DENIED_MESSAGE in str(message) for message in get_messages(response.wsgi_request)
        )
    return False


def form_data_with(html: str, field_name: str):
    """The values a browser would submit from the form on the page that has `field_name`."""
    soup = WagtailTestUtils.get_soup(html)
    for index, form in enumerate(soup.find_all("form")):
        if form.find(attrs={"name": field_name}) is None:
            continue
        data = querydict_from_html(html, form_index=index)
        # A ticked checkbox without a value attribute is sent as "on", not "".
        for box in form.find_all("input", type="checkbox", checked=True):
            if "value" not in box.attrs:
                data.setlist(box["name"], ["on"])
        return data
    raise ValueError(f"no form with a {field_name!r} field")


def error_messages(response) -> list[str]:
    soup = WagtailTestUtils.get_soup(response.content)
    return [
        element.get_text(" ", strip=True)
        for element in soup.select(".error-message, .help-critical, .messages .error")
    ]


def send(client, method: str, url: str, data):
    client.cookies.pop("messages", None)  # each denial message is read from this response alone
    if method == "GET":
        return client.get(url)
    return client.post(url, data or {})


def assert_own_work_is_allowed(client, world: TwoGroups) -> None:
    """The positive side: without it, a broken login would make every denial 'pass'."""
    own_product = world.product_a.pk
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[own_product]),
        reverse("catalog_product_variants", args=[own_product]),
        reverse("wagtailadmin_explore", args=[world.group_a.pk]),
        reverse("wagtailimages:add"),
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
