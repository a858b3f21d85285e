"""Photos lose their EXIF/GPS/XMP on upload, in the original and every rendition.

Home-based workers photograph at home: a phone's JPEG carries the home's GPS position, and
Willow copies a JPEG's EXIF into JPEG renditions (og:image, logos, width-800). Uploads go
through the real admin upload view, posted by a group's staff into their own collection.
"""

import io
import os

import pytest
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage
from PIL import PngImagePlugin
from wagtail.images.models import Image

from tests.factories import ImageFactory, make_group, make_staff

pytestmark = pytest.mark.django_db

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Home phone"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
# Lahore, to the second: where a maker lives.
GPS = {1: "N", 2: (31.0, 31.0, 12.0), 3: "E", 4: (74.0, 21.0, 7.0)}

# The renditions the templates ask for, and the other formats a rendition can take.
RENDITION_FILTERS = [
    "width-800",
    "fill-1200x630|format-jpeg",  # og:image
    "fill-600x600|format-jpeg",  # a group's logo for og:image
    "fill-120x120|format-webp",
    "width-480|format-png",
    "width-480|format-avif",
    "original",
]


def exif_with_gps(orientation: int | None = None) -> PILImage.Exif:
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = GPS
    if orientation:
        exif[0x0112] = orientation
    return exif


def photo_with_gps(fmt: str = "JPEG", size=(120, 80), orientation: int | None = None) -> bytes:
    buffer = io.BytesIO()
    image = PILImage.new("RGB", size, (164, 55, 42))
    image.paste((20, 90, 160), (0, 0, size[0] // 2, size[1] // 3))  # an asymmetric mark
    options = {"exif": exif_with_gps(orientation)}
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        options["pnginfo"] = info
    else:
        options["xmp"] = XMP
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def assert_no_metadata(data: bytes) -> None:
    assert b"Exif" not in data
    assert b"http://ns.adobe.com/xap" not in data
    assert b"PhoneMaker" not in data
    try:
        opened = PILImage.open(io.BytesIO(data))
    except PILImage.UnidentifiedImageError:
        return  # AVIF without a decoder: the byte checks above are what can be checked
    with opened:
        assert dict(opened.getexif()) == {}
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(opened.info)


def stored_bytes(file_field) -> bytes:
    with file_field.open("rb") as stored:
        return stored.read()


@pytest.fixture
def group_staff_client(client, site_tree):
    group = make_group("Multan Blue Pottery Association", district="Multan")
    client.force_login(make_staff(group))
    client.group = group
    return client


def upload(client, name: str, content: bytes, content_type: str) -> Image:
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Blue pottery bowl",
            "collection": client.group.collection.pk,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )
    assert response.status_code == 302
    return Image.objects.get()


def test_the_test_photo_really_carries_gps_and_xmp():
    data = photo_with_gps()
    with PILImage.open(io.BytesIO(data)) as opened:
        assert opened.getexif().get_ifd(0x8825)
        assert "xmp" in opened.info


@pytest.mark.parametrize(
    "fmt, name, content_type",
    [
        ("JPEG", "bowl.jpg", "image/jpeg"),
        ("PNG", "bowl.png", "image/png"),
        ("WEBP", "bowl.webp", "image/webp"),
    ],
)
def test_an_uploaded_photo_and_all_its_renditions_carry_no_metadata(
    group_staff_client, fmt, name, content_type
):
    image = upload(group_staff_client, name, photo_with_gps(fmt), content_type)

    assert_no_metadata(stored_bytes(image.file))
    with PILImage.open(io.BytesIO(stored_bytes(image.file))) as original:
        assert original.format == fmt
        assert original.size == (120, 80)
    image.refresh_from_db()
    assert image.file_size == len(stored_bytes(image.file))
    for filter_spec in RENDITION_FILTERS:
        assert_no_metadata(stored_bytes(image.get_rendition(filter_spec).file))


def test_a_photo_turned_by_its_exif_orientation_is_stored_upright(group_staff_client):
    # Orientation 6: the camera held upright, the pixels stored lying on their side.
    image = upload(
        group_staff_client, "bowl.jpg", photo_with_gps(size=(120, 80), orientation=6), "image/jpeg"
    )

    assert (image.width, image.height) == (80, 120)
    with PILImage.open(io.BytesIO(stored_bytes(image.file))) as original:
        assert original.size == (80, 120)
        # The blue mark, top-left before turning, is top-right once turned clockwise.
        assert original.convert("RGB").getpixel((75, 5))[2] > 120
    assert_no_metadata(stored_bytes(image.file))
    rendition = image.get_rendition("width-40")
    assert (rendition.width, rendition.height) == (40, 60)


def test_the_management_command_cleans_stored_photos_and_their_renditions(
    site_tree, django_capture_on_commit_callbacks
):
    image = ImageFactory(
        title="Stored before the fix",
        file=ImageFile(io.BytesIO(photo_with_gps(orientation=6)), name="old.jpg"),
    )
    assert (image.width, image.height) == (120, 80)
    leaky = image.get_rendition("fill-1200x630|format-jpeg")
    assert b"PhoneMaker" in stored_bytes(leaky.file)  # what Willow does with a JPEG's EXIF
    leaky_path, old_original_path = leaky.file.path, image.file.path

    with django_capture_on_commit_callbacks(execute=True):
        call_command("images_strip_metadata", stdout=io.StringIO())

    image.refresh_from_db()
    assert_no_metadata(stored_bytes(image.file))
    assert (image.width, image.height) == (80, 120)
    assert not image.renditions.exists()
    assert not os.path.exists(leaky_path)
    assert not os.path.exists(old_original_path)
    assert_no_metadata(stored_bytes(image.get_rendition("fill-1200x630|format-jpeg").file))

    name_after_first_run = image.file.name
    output = io.StringIO()
    call_command("images_strip_metadata", stdout=output)
    image.refresh_from_db()
    assert image.file.name == name_after_first_run
    assert "0 of 1 images" in output.getvalue()


def test_a_photo_from_the_multiple_uploader_is_stored_without_metadata(group_staff_client):
    response = group_staff_client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "title": "Blue pottery bowl",
            "collection": group_staff_client.group.collection.pk,
            "files[]": SimpleUploadedFile("bowl.jpg", photo_with_gps(), content_type="image/jpeg"),
        },
    )

    assert response.status_code == 200
    image = Image.objects.get()
    assert_no_metadata(stored_bytes(image.file))
    assert_no_metadata(stored_bytes(image.get_rendition("fill-1200x630|format-jpeg").file))
