"""Resource documents: uploads are checked like images (size, and content that matches the
extension), and a resource page lists each file with its language."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection
from wagtail.test.utils import WagtailTestUtils

from marketplace.demo import demo_resources_and_newsletter_ensure
from marketplace.document_uploads import content_matches_extension
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(username="resources-admin", is_superuser=True, is_staff=True))
    return client


def upload(client, name: str, content: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Guide",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def errors(response) -> str:
    soup = WagtailTestUtils.get_soup(response.content)
    parts = soup.select(".error-message, .w-field__errors, .help-critical, .messages .error")
    return " ".join(part.get_text(" ", strip=True) for part in parts)


@pytest.mark.parametrize(
    "name, content",
    [
        ("guide.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("rights-ur.txt", "گھر پر کام اور آپ کے حقوق\n".encode()),
        ("rates.csv", b"\xef\xbb\xbfcraft,rate\nralli,1200\n"),
        ("rates.xlsx", b"PK\x03\x04" + b"\x00" * 60),
    ],
)
def test_real_documents_are_accepted(editor_client, name, content):
    response = upload(editor_client, name, content)
    assert response.status_code == 302, errors(response)
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    "name, content",
    [
        ("guide.pdf", b"<html><script>alert(1)</script></html>"),
        ("guide.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),  # a Windows program renamed
        ("notes.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("rates.xlsx", b"craft,rate\n"),
    ],
)
def test_renamed_files_are_refused_with_a_message(editor_client, name, content):
    response = upload(editor_client, name, content)
    assert response.status_code == 200
    assert "Please upload the document itself" in errors(response)
    assert not Document.objects.exists()


def test_other_types_and_big_files_are_refused(editor_client, settings):
    assert "html" not in settings.WAGTAILDOCS_EXTENSIONS
    assert upload(editor_client, "page.html", b"<html></html>").status_code == 200
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 10
    response = upload(editor_client, "notes.txt", b"a long enough text")
    assert "This file is too big" in errors(response)
    assert not Document.objects.exists()


def test_a_text_sample_cut_inside_a_character_is_still_text():
    text = "حقوق".encode()
    assert content_matches_extension(text[:-1], "txt")
    assert not content_matches_extension(b"\xff\xfe" + text, "txt")


def test_resource_pages_list_each_file_with_its_language(client, site_tree):
    demo_resources_and_newsletter_ensure()
    page = client.get("/resources/").content.decode()
    assert 'hreflang="en" download' in page and 'hreflang="ur" download' in page
    assert "Home work and your rights" in page
    assert demo_resources_and_newsletter_ensure() == 0  # loading the demo again adds nothing
