"""The registry's matrix, checked against the real screens: every role opens every screen of the
site and the admin (storefront, account, order desk, packing slip, notification log, statements,
payouts, commercial terms, mela screens, page editor, users, personal data) and every export;
each personal field holds a value found nowhere else, and what each role finds must be exactly
what privacy/registry.py says it may see and export. Deleting is checked through the way each
role would delete (erasure screen, address book, page editor)."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import NoReverseMatch, reverse

from catalog.models import (
    ArtisanConsent,
    ArtisanPage,
    ProducerGroupTerms,
)
from marketplace.local_input import phone_display
from marketplace.models import NotificationLog
from orders.models import Payout, SavedAddress
from orders.privacy.registry import PERSONAL_FIELDS, Category, Mark, Role
from tests.privacy.matrix_world import (
    APPLICANT,
    AXES,
    DOCUMENT_NAME,
    LOG_BODY,
    LOG_RECIPIENT,
    PAYOUT,
    PRESENTERS,
    PROPOSED,
    SIGNUP,
    TERMS,
    matrix_world,
)
from tests.privacy.world import (
    ACCOUNT,
    ARTISAN_NAME,
    world_build,
)

pytestmark = pytest.mark.django_db


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def screens(world) -> list[str]:
    """Every screen any role might open (each role tries them all)."""
    order, lahore = world.order, world.catalog["lahore"]
    lahore_part = order.sub_orders.get(producer_group=lahore)
    thar_part = order.sub_orders.exclude(pk=lahore_part.pk).get()
    shawl = world.catalog["shawl"].product
    buyer_log = NotificationLog.objects.filter(order_id=order.pk, recipient__contains="@").first()
    group_log = NotificationLog.objects.filter(recipient=lahore.contact_email).first()
    mela = world.mela
    personal = f"kind=buyer&username={ACCOUNT['username']}"
    terms = ProducerGroupTerms.objects.get(group=lahore)
    attempt = AccessAttempt.objects.get()
    urls = [
        "/",
        "/shop/",
        "/producers/",
        lahore.url,
        shawl.url,
        "/artisans/",
        world.artisan.url,
        world.hidden_artisan.url,
        mela.url,
        mela.url + "schedule/",
        "/melas/calendar.ics",
        "/sitemap.xml",
        "/account/orders/",
        "/account/addresses/",
        "/account/my-data/",
        "/admin/",
        "/admin/orders/",
        f"/admin/orders/sub-orders/{lahore_part.pk}/",
        f"/admin/orders/sub-orders/{lahore_part.pk}/packing-slip/",
        f"/admin/orders/sub-orders/{thar_part.pk}/",
        f"/admin/orders/{order.pk}/",
        "/admin/orders/transfers/",
        _url("notification_log:index"),
        _url("notification_log:inspect", buyer_log.pk) if buyer_log else None,
        _url("notification_log:inspect", group_log.pk) if group_log else None,
        _url("notification_log:inspect", NotificationLog.objects.get(dedupe_key="probe:log").pk),
        f"/admin/pages/{lahore.pk}/",
        f"/admin/pages/{lahore.pk}/edit/",
        f"/admin/pages/{world.artisan.pk}/edit/",
        f"/admin/pages/{world.hidden_artisan.pk}/edit/",
        f"/admin/pages/{world.artisan.pk}/history/",
        f"/admin/pages/{mela.pk}/edit/",
        "/admin/users/",
        f"/admin/users/edit/{world.buyer.pk}/",
        "/admin/statements/",
        f"/admin/statements/{lahore.pk}/",
        "/admin/payouts/",
        _url("commercial_terms:index"),
        _url("commercial_terms:edit", terms.pk),
        _url("commercial_terms:inspect", terms.pk),
        _url("payouts_detail", Payout.objects.get().pk),
        _url("login_lockouts:inspect", attempt.pk),
        _url("terms_account_changes"),
        "/admin/melas/applications/",
        f"/admin/melas/applications/{world.application.pk}/",
        _url("events_mela_report", mela.pk),
        _url("login_lockouts:index"),
        _url("remittances:index"),
        world.workshop.url + "attendance/",
        f"/admin/pages/{world.workshop.pk}/edit/",
        _url("network_applications:index"),
        _url("network_applications:inspect", world.network_application.pk),
        # Searches and listings where a name could slip through.
        "/shop/?q=durrani",
        "/shop/?q=zarghuna",
        "/admin/pages/search/?q=durrani",
        "/admin/orders/?q=zarghuna",
        "/admin/images/",
        "/admin/reports/site-history/",
        f"/admin/personal-data/?{personal}",
        f"/admin/personal-data/?kind=artisan&artisan={world.artisan.pk}",
    ]
    return [url for url in urls if url]


def exports(world) -> list[str]:
    lahore = world.catalog["lahore"]
    personal = f"kind=buyer&username={ACCOUNT['username']}&phone=%2B{LOG_RECIPIENT[1:]}"
    return [
        # The order desk's and transfers queue's downloads (Wagtail's `export`; where a listing
        # has no download yet, the page itself answers, which shows no less).
        "/admin/orders/?export=csv",
        "/admin/orders/transfers/?export=csv",
        f"/admin/statements/{lahore.pk}/csv/",
        "/admin/payouts/export/",
        f"/admin/personal-data/?{personal}&format=json",
        f"/admin/personal-data/?kind=artisan&artisan={world.artisan.pk}&format=csv",
    ]


def _read(client: Client, urls) -> str:
    parts = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200:
            if getattr(response, "streaming", False):
                parts.append(b"".join(response.streaming_content).decode("utf-8", "replace"))
            else:
                parts.append(response.content.decode("utf-8", "replace"))
    return "\n".join(parts)


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def probes(world) -> dict[str, tuple[str, str | None]]:
    """Per registry row: the value to look for, and (for MASKED) what may show of it."""
    values = dict(world.values())
    values.update({f"catalog.ProducerGroupTerms.{k}": v for k, v in TERMS.items()})
    values.update({f"catalog.PayoutAccountChange.{k}": v for k, v in PROPOSED.items()})
    values.update({f"orders.Payout.{k}": v for k, v in PAYOUT.items()})
    values["events.ScheduleItem.presenters"] = PRESENTERS
    values["catalog.ArtisanPage.photo"] = "portrait-durrani"
    values["catalog.ArtisanPage.consent"] = "First name only, no photo"
    for model in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        values.update({f"axes.{model}.{k}": v for k, v in AXES.items()})
    values["marketplace.NotificationLog.recipient"] = LOG_RECIPIENT
    values["marketplace.NotificationLog.body"] = LOG_BODY
    values.update({f"events.WorkshopSignup.{k}": v for k, v in SIGNUP.items()})
    values.update({f"catalog.NetworkApplication.{k}": v for k, v in APPLICANT.items()})
    values["catalog.NetworkApplication.edit_token"] = world.network_application.edit_token
    values["catalog.NetworkApplicationDocument.original_name"] = DOCUMENT_NAME
    return values


# Rows no screen shows and no value can be planted for in a request-driven test: say so.
NOT_PROBED_BY_SCREENS = {
    **{
        f"{model}.maker_name": "this world records no makers' pay; who reaches the makers' pay "
        "screen and its CSV is tested in tests/makers/test_maker_rates_admin.py"
        for model in ("orders.OrderLineMaker", "orders.MakerEarning", "orders.MakerPayment")
    },
    **{
        f"{model}.stripe_account_id": "only groups paid through Stripe have one (shown masked); "
        "this world's group is paid by JazzCash"
        for model in ("catalog.ProducerGroupTerms", "catalog.PayoutAccountChange", "orders.Payout")
    },
    **{
        f"trade.TradeEnquiry.{name}": "this world has no trade enquiry; who sees a trade buyer's "
        "contact (moderators, and a group only once its own quote is accepted) is tested in "
        "tests/trade/test_enquiry_cross_group.py"
        for name in (
            "buyer_name",
            "business_name",
            "contact_phone",
            "contact_email",
            "access_token",
        )
    },
    "sessions.Session.session_data": "signed and encoded; shown to no screen",
    "marketplace.NewsletterSubscriber.email": "no newsletter reader in this world; no screen "
    "lists subscribers (tests/marketplace/test_newsletter.py)",
    "catalog.NetworkApplicationDocument.file": "stored under a random name that no screen "
    "shows; reviewers download it through the review screen (its original_name is probed)",
    "wagtailusers.UserProfile.avatar": "no avatar uploaded in this world",
    "axes.AccessLog.username": "one AccessAttempt row stands for the three axes tables",
    "axes.AccessLog.ip_address": "as above",
    "axes.AccessLog.user_agent": "as above",
    "axes.AccessFailureLog.username": "as above",
    "axes.AccessFailureLog.ip_address": "as above",
    "axes.AccessFailureLog.user_agent": "as above",
}


def _shown(value: str, text: str) -> bool:
    """Whether `text` (lowercased) shows `value`: as stored, or as a phone number is displayed
    ("+923217654329" is shown as "0321 7654329"). A value of digits only (a postal code) counts
    as a whole number, not as part of a longer run of letters and digits: pages carry random
    and clock-made digits (timestamps with microseconds, slug suffixes, hashes) that would
    otherwise contain "22044" now and then."""
    forms = {value, phone_display(value).lower()} if value.startswith("+") else {value}
    for form in forms:
        if form.isdigit():
            if re.search(rf"(?<![0-9a-z]){re.escape(form)}(?![0-9a-z])", text):
                return True
        elif form in text:
            return True
    return False


def _expected_seen(row, role, mark) -> bool:
    if mark in (Mark.YES, Mark.READY):  # READY: the world's order is paid
        return True
    if mark == Mark.CONSENT:
        # The world's artisan agreed to her first name only: her full name, her photo are
        # private; her biography is shown (her page is public).
        return row.field == "bio"
    return False


def test_each_role_sees_and_exports_exactly_what_the_registry_says(two_groups_catalog):
    world = matrix_world(two_groups_catalog)
    values = probes(world)
    screen_urls, export_urls = screens(world), exports(world)
    wrong = []
    for role, user in world.users.items():
        client = _client(user)
        urls = screen_urls + (
            [world.order.get_absolute_url(), world.order.get_absolute_url() + "receipt/"]
            if role == Role.BUYER
            else []
        )
        seen_text = _read(client, urls).lower()
        export_text = _read(client, export_urls).lower()
        for row in PERSONAL_FIELDS:
            if row.label in NOT_PROBED_BY_SCREENS:
                continue
            value = values[row.label].lower()
            mark = row.mark("see", role)
            if mark == Mark.MASKED:
                if value in seen_text or value[-4:] not in seen_text:
                    wrong.append(f"{role} should see {row.label} masked")
                continue
            # Everyone sees at least what the public sees.
            expected = _expected_seen(row, role, mark) or _expected_seen(
                row, Role.PUBLIC, row.mark("see", Role.PUBLIC)
            )
            if _shown(value, seen_text) != expected:
                wrong.append(f"{role} {'cannot' if expected else 'can'} see {row.label}")
            export_mark = row.mark("export", role)
            if export_mark == Mark.REQUEST:
                continue  # checked below through the account page
            if _shown(value, export_text) != (export_mark == Mark.YES):
                wrong.append(
                    f"{role} {'cannot' if export_mark == Mark.YES else 'can'} export {row.label}"
                )
    assert wrong == [], "\n".join(wrong)


def test_the_public_sees_an_artisan_only_as_far_as_her_consent(two_groups_catalog):
    world = world_build(two_groups_catalog)
    text = _read(_client(None), ["/artisans/", world.artisan.url, world.hidden_artisan.url])
    assert ARTISAN_NAME.split()[0] in text  # first-name consent
    assert ARTISAN_NAME not in text and "portrait-durrani" not in text
    assert "Hiddenbibi" not in text
    world.artisan.consent = ArtisanConsent.FULL_NAME
    world.artisan.save_revision().publish()
    artisan = ArtisanPage.objects.get(pk=world.artisan.pk)
    text = _read(_client(None), [artisan.url])
    assert ARTISAN_NAME in text and "portrait-durrani" in text


def _deletes(world, role, user, row) -> bool:
    """Whether `role` has a way to delete (or blank) this field's value."""
    client = _client(user)
    personal = f"kind=buyer&username={ACCOUNT['username']}"
    erase = client.get(f"/admin/personal-data/erase/?{personal}").status_code == 200
    if row.model in ("catalog.ArtisanPage",):
        page = world.artisan
        return (
            erase
            if user is None
            else (bool(user.is_superuser) or page.permissions_for_user(user).can_edit())
        )
    if row.model == "catalog.ProducerGroupPage":
        return user is not None and world.catalog["lahore"].permissions_for_user(user).can_edit()
    if row.model == "events.ScheduleItem":
        return user is not None and world.mela.permissions_for_user(user).can_edit()
    if row.model == "orders.SavedAddress":
        address = SavedAddress.objects.filter(buyer=world.buyer).first()
        own = client.get(f"/account/addresses/{address.pk}/delete/").status_code == 200
        return own or erase
    if row.model in ("events.WorkshopSignup", "trade.TradeEnquiry"):
        return False  # no screen deletes a sign-up or a trade enquiry yet
    if row.model.startswith("catalog.NetworkApplication"):
        delete = _url("network_applications:delete", world.network_application.pk)
        return client.get(delete).status_code == 200  # its documents and link go with it
    if row.category == Category.CREDENTIAL:
        return False  # links and tokens stay: erasure leaves them opening an anonymised order
    if row.model.startswith(("catalog.ProducerGroupTerms", "catalog.PayoutAccountChange")) or (
        row.model == "orders.Payout"
    ):
        return False  # no screen deletes a payout account or a payout: they are kept
    return erase


def test_each_role_may_delete_exactly_what_the_registry_says(two_groups_catalog):
    world = matrix_world(two_groups_catalog)
    wrong = []
    for role, user in world.users.items():
        requests = (
            user is not None and b'value="erase"' in _client(user).get("/account/my-data/").content
        )
        for row in PERSONAL_FIELDS:
            mark = row.mark("delete", role)
            if mark == Mark.REQUEST:
                if not requests:
                    wrong.append(f"{role} cannot ask to delete {row.label}")
                continue
            actual = _deletes(world, role, user, row)
            if actual != (mark == Mark.YES):
                wrong.append(f"{role} {'cannot' if mark == Mark.YES else 'can'} delete {row.label}")
    assert wrong == [], "\n".join(wrong)


def test_the_buyer_asks_for_exports_from_their_account_page(two_groups_catalog):
    world = world_build(two_groups_catalog)
    page = _client(world.buyer).get("/account/my-data/")
    assert b'value="export"' in page.content
    assert all(row.mark("export", Role.BUYER) in (Mark.REQUEST, Mark.NO) for row in PERSONAL_FIELDS)
