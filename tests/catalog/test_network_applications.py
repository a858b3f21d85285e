"""Joining the network: an organisation applies (documents checked and cleaned), moderators
ask for changes or approve, and approval provisions the group and its first login, once."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from catalog.models import (
    NetworkApplication,
    NetworkApplicationDocument,
    NetworkApplicationStatus,
    ProducerGroupPage,
    ProductPage,
)
from catalog.network.services import network_application_approve
from marketplace.models import NotificationLog
from tests.catalog.test_moderation import product_form
from tests.catalog.test_upload_metadata import assert_no_metadata, photo_with_gps
from tests.factories import CraftCategoryFactory, ImageFactory, UserFactory, make_group, make_staff

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def reviewer(site_tree):
    user = UserFactory(username="reviewer", email="reviewer@example.org")
    user.groups.add(Group.objects.get(name="Moderators"))  # given the permission by migration
    return user


@pytest.fixture
def crafts(db):
    return [
        CraftCategoryFactory(name="Hand embroidery", slug="hand-embroidery"),
        CraftCategoryFactory(name="Ralli quilts", slug="ralli-quilts"),
    ]


def application_data(crafts, **extra):
    data = {
        "name": "Hyderabad Ralli Makers Cooperative",
        "kind": "cooperative",
        "country": "PK",
        "province": "Sindh",
        "district": "Hyderabad",
        "member_count": "۱۲۰",  # Urdu digits, as typed on an Urdu keyboard
        "crafts": [craft.pk for craft in crafts],
        "about": "Women quilters of Hyderabad.",
        "contact_name": "Zubaida Khatoon",
        "contact_phone": "0301 2345678",
        "contact_email": "zubaida@example.org",
    }
    data.update(extra)
    return data


def apply(client, crafts, documents=(), language="", **extra):
    return client.post(
        f"/{language}join/" if language else "/join/",
        {**application_data(crafts, **extra), "documents": list(documents)},
    )


def test_an_organisation_applies_with_documents_and_reviewers_hear_of_it(
    client, crafts, reviewer, django_capture_on_commit_callbacks
):
    photo = SimpleUploadedFile("certificate.jpg", photo_with_gps(), content_type="image/jpeg")
    pdf = SimpleUploadedFile("constitution.pdf", PDF, content_type="application/pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, crafts, [photo, pdf], language="ur/")

    application = NetworkApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/join/{application.edit_token}/")
    assert (application.member_count, application.contact_phone) == (120, "+923012345678")
    assert application.language == "ur" and application.status == "submitted"
    assert set(application.crafts.all()) == set(crafts)
    documents = list(application.documents.order_by("pk"))
    assert [d.content_type for d in documents] == ["image/jpeg", "application/pdf"]
    with documents[0].file.open("rb") as stored:
        assert_no_metadata(stored.read())
    # The private prefix, and a random name: not the applicant's file name.
    assert re.fullmatch(r"documents/network-applications/[0-9a-f]{32}\.jpg", documents[0].file.name)
    assert documents[0].original_name == "certificate.jpg"
    note = NotificationLog.objects.get(event="network_application_submitted")
    assert note.recipient == "reviewer@example.org"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("list.pdf", b"MZ\x90\x00 not a pdf at all", "is not a PDF, JPEG or PNG file"),
        ("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "is larger than 5 MB"),
        ("photo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "is not a PDF, JPEG or PNG file"),
    ],
)
def test_bad_documents_are_refused_with_a_message(client, crafts, name, content, message):
    response = apply(client, crafts, [SimpleUploadedFile(name, content)])

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NetworkApplication.objects.exists()
    assert not NetworkApplicationDocument.objects.exists()


def test_a_pixel_bomb_is_refused(client, crafts):
    buffer = io.BytesIO()
    PILImage.new("1", (10_000, 10_000), 0).save(buffer, format="PNG", optimize=True)

    response = apply(client, crafts, [SimpleUploadedFile("members.png", buffer.getvalue())])

    assert "has too many pixels" in response.content.decode()
    assert not NetworkApplication.objects.exists()


def test_reviewers_list_and_filter_applications_and_nobody_else_does(client, crafts, reviewer):
    apply(client, crafts)
    apply(client, crafts, name="Multan Potters Union", kind="union", district="Multan")
    url = reverse("network_applications:index")

    client.force_login(reviewer)
    listing = client.get(url, {"kind": "union"})
    assert listing.status_code == 200
    assert "Multan Potters Union" in listing.content.decode()
    assert "Hyderabad Ralli Makers" not in listing.content.decode()

    application = NetworkApplication.objects.get(kind="union")
    client.force_login(make_staff(make_group()))
    assert client.get(url).status_code in (302, 403)
    assert client.get(
        reverse("network_applications:inspect", args=[application.pk])
    ).status_code in (302, 403)
    assert client.post(
        reverse("network_application_approve", args=[application.pk])
    ).status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_ask_for_changes_then_the_applicant_corrects_and_sends_again(
    client, crafts, reviewer, django_capture_on_commit_callbacks
):
    apply(client, crafts, language="ur/", member_count="0")  # refused: at least one member
    assert not NetworkApplication.objects.exists()
    apply(client, crafts, language="ur/")
    application = NetworkApplication.objects.get()

    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network_application_request_changes", args=[application.pk]),
            {"message": "Please send your registration certificate."},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == NetworkApplicationStatus.CHANGES_REQUESTED
    sms = NotificationLog.objects.get(event="network_application_changes", channel="sms")
    assert sms.recipient == "+923012345678" and "تبدیلیاں" in sms.body
    link = re.search(r"https?://\S+/join/\w+/", sms.body).group(0)
    assert link.endswith(f"/join/{application.edit_token}/")
    # The moderator cannot approve while the applicant is changing it.
    client.post(reverse("network_application_approve", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == NetworkApplicationStatus.CHANGES_REQUESTED

    client.logout()
    path = f"/join/{application.edit_token}/"
    page = client.get(path)
    assert "Please send your registration certificate." in page.content.decode()
    pdf = SimpleUploadedFile("registration.pdf", PDF)
    response = client.post(
        path, {**application_data(crafts, member_count="130"), "documents": [pdf]}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.member_count) == ("submitted", 130)
    assert application.documents.count() == 1
    # Sent again: the form is gone, and a post changes nothing.
    assert "<form" not in client.get(path).content.decode().split("<main")[-1]
    client.post(path, application_data(crafts, member_count="999"))
    application.refresh_from_db()
    assert application.member_count == 130


def test_an_unknown_private_link_is_404(client, site_tree):
    assert client.get("/join/not-a-token/").status_code == 404


def test_approval_provisions_the_group_once_and_tells_the_applicant(
    client, crafts, reviewer, django_capture_on_commit_callbacks
):
    apply(client, crafts, language="ur/")
    application = NetworkApplication.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        network_application_approve(application_id=application.pk, user=reviewer)
        again = network_application_approve(application_id=application.pk, user=reviewer)

    group = ProducerGroupPage.objects.get(title="Hyderabad Ralli Makers Cooperative")
    assert again.group_page_id == group.pk and again.status == "approved"
    assert group.live and group.district == "Hyderabad" and group.member_count == 120
    assert group.commercial_terms.verification_status == "pending"  # no payout until verified
    assert group.staff_group is not None and group.collection is not None
    assert GroupPagePermission.objects.filter(group=group.staff_group, page=group).count() == 2
    assert GroupCollectionPermission.objects.filter(
        group=group.staff_group, collection=group.collection
    ).exists()
    staff = get_user_model().objects.get(groups=group.staff_group)
    assert not staff.has_usable_password()
    assert get_user_model().objects.filter(groups__producer_group_page__isnull=False).count() == 1
    approved = NotificationLog.objects.filter(event="network_application_approved")
    assert sorted(approved.values_list("channel", flat=True)) == ["email", "sms"]
    sms = approved.get(channel="sms")
    assert "منظور" in sms.body and staff.username in sms.body and "http" not in sms.body
    assert "/admin/password_reset/" in mail.outbox[-1].body


def test_join_approve_then_the_new_staff_sets_a_password_logs_in_and_adds_a_product(
    client, crafts, reviewer, django_capture_on_commit_callbacks
):
    other = make_group("Lahore Embroiderers Union")
    apply(client, crafts)
    application = NetworkApplication.objects.get()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network_application_approve", args=[application.pk]))
    client.logout()
    application.refresh_from_db()
    group, staff = application.group_page, application.staff_user

    email = next(m for m in mail.outbox if m.to == ["zubaida@example.org"])
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/\S+)", email.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new_password = "Ralli-quilts-2026!"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(new_password)
    assert client.get(link, follow=True).context.get("validlink") is False  # used once

    client.logout()  # Wagtail logs the user in after setting a password; log in anew
    login = client.post("/admin/login/", {"username": staff.username, "password": new_password})
    assert login.status_code == 302
    assert client.get("/admin/").status_code == 200
    image = ImageFactory(collection=group.collection)
    response = client.post(
        f"/admin/pages/add/catalog/productpage/{group.pk}/",
        product_form(crafts[1], image, **{"action-submit": "Submit to Moderators approval"}),
    )
    assert response.status_code == 302
    product = ProductPage.objects.get(slug="sindhi-rilli-bedspread")
    assert product.producer_group_id == group.pk and not product.live

    # Cross-group: nothing can be added under another group, nor its page edited.
    denied = client.get(f"/admin/pages/add/catalog/productpage/{other.pk}/")
    assert denied.status_code in (302, 403)
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403)
    assert client.get(reverse("network_applications:index")).status_code in (302, 403)
