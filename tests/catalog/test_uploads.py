"""Image uploads through the Wagtail admin: only real, reasonably sized pictures get in.

Each bad upload is posted by a producer group's staff into their own collection (where they
are allowed to upload), so the only thing that can stop it is the upload validation.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.test.utils import WagtailTestUtils

from tests.factories import make_group, make_staff, png_bytes


@pytest.fixture
def group_staff_client(client, site_tree):
    group = make_group("Multan Blue Pottery Association", district="Multan")
    client.force_login(make_staff(group))
    client.group = group
    return client


def _upload(client, name: str, content: bytes, content_type: str = "image/png"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Blue pottery bowl",
            "collection": client.group.collection.pk,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def _file_errors(response) -> str:
    """The error text shown next to the file field (and any error banner)."""
    soup = WagtailTestUtils.get_soup(response.content)
    parts = soup.select(".error-message, .w-field__errors, .help-critical, .messages .error")
    return " ".join(part.get_text(" ", strip=True) for part in parts)


def _pixel_bomb_png(width: int = 10_000, height: int = 10_000) -> bytes:
    """A 1-bit PNG declaring a 100-megapixel canvas: a few kilobytes on disk."""
    buffer = io.BytesIO()
    PILImage.new("1", (width, height), 0).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_small_png_is_accepted_into_the_groups_collection(group_staff_client):
    response = _upload(group_staff_client, "bowl.png", png_bytes(120, 80))

    assert response.status_code == 302, _file_errors(response)
    image = Image.objects.get()
    assert (image.collection_id, image.width, image.height) == (
        group_staff_client.group.collection.pk,
        120,
        80,
    )


@pytest.mark.django_db
def test_a_text_file_renamed_png_is_rejected_with_a_message(group_staff_client):
    response = _upload(group_staff_client, "bowl.png", b"This is a price list, not a photo.\n" * 20)

    assert response.status_code == 200
    assert "Upload a valid image" in _file_errors(response)
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_upload_size_limit_is_rejected_with_a_message(group_staff_client, settings):
    photo = png_bytes(200, 200)
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = len(photo) - 1

    response = _upload(group_staff_client, "bowl.png", photo)

    assert response.status_code == 200
    assert "This file is too big" in _file_errors(response)
    assert not Image.objects.exists()


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    "side",
    [
        8_000,  # 64 megapixels: under Pillow's own bomb limit, so only our setting stops it
        10_000,  # 100 megapixels: Pillow warns as well
    ],
)
def test_a_small_png_declaring_a_huge_canvas_is_rejected_as_a_pixel_bomb(
    group_staff_client, settings, side
):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
    bomb = _pixel_bomb_png(side, side)
    assert len(bomb) < 200 * 1024  # small enough to pass the size check: only pixels stop it

    response = _upload(group_staff_client, "bowl.png", bomb)

    assert response.status_code == 200
    assert "This file has too many pixels" in _file_errors(response)
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_the_project_settings_reject_pixel_bombs_and_large_files():
    from django.conf import settings

    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 40_000_000
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
