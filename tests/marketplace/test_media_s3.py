"""Media in an S3-compatible bucket: uploads, renditions, documents and the EXIF rule all work.

The bucket is served by moto in server mode on 127.0.0.1 (a real HTTP S3 API, started by the
test), and django-storages is configured from the same MEDIA_S3_* variables production sets.
Runs in the main group (moto is pure Python); skipped when moto is not installed.
"""

import io
import json
import logging
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents.models import Document

from marketplace.media_storage import media_origin, media_storage_from_environment
from tests.catalog.test_upload_metadata import assert_no_metadata, photo_with_gps, upload
from tests.factories import ImageFactory, UserFactory, make_group, make_product, make_staff

moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 API on a free port of 127.0.0.1, for this module's tests."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A new, empty bucket; uploads go to it as the MEDIA_S3_* variables configure."""
    environment = {
        "MEDIA_S3_BUCKET": f"crafts-media-{uuid.uuid4().hex[:10]}",
        "MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "MEDIA_S3_ACCESS_KEY_ID": "test-access-key",
        "MEDIA_S3_SECRET_ACCESS_KEY": "test-secret-key",
        "MEDIA_S3_REGION": "us-east-1",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="test-access-key",
        aws_secret_access_key="test-secret-key",
        region_name="us-east-1",
    )
    name = environment["MEDIA_S3_BUCKET"]
    client.create_bucket(Bucket=name)
    # As the README's deployment section says: photos public, documents private.
    policy = (ROOT / "deploy" / "s3-media-bucket-policy.json").read_text()
    client.put_bucket_policy(Bucket=name, Policy=policy.replace("BUCKET_NAME", name))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage_from_environment(environment),
    }
    client.environment = environment
    client.name = name
    client.keys = lambda prefix="": sorted(
        item["Key"]
        for item in client.list_objects_v2(Bucket=name, Prefix=prefix).get("Contents", [])
    )
    client.read = lambda key: client.get_object(Bucket=name, Key=key)["Body"].read()
    yield client
    assert not (tmp_path / "media").exists(), "nothing may land on the local disk"


@pytest.fixture
def group_staff_client(client, site_tree):
    """A producer group's staff, uploading into their own collection (as `upload` expects)."""
    client.group = make_group("Multan Blue Pottery Association", district="Multan")
    client.force_login(make_staff(client.group))
    return client


def fetch(url: str) -> bytes:
    """What a browser gets for `url`: no credentials."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
        return response.read()


def test_without_a_bucket_media_stay_on_the_local_disk():
    storage = media_storage_from_environment({})
    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_origin(storage) is None


def test_a_bucket_without_its_endpoint_and_keys_is_refused_by_name():
    with pytest.raises(ImproperlyConfigured) as refused:
        media_storage_from_environment({"MEDIA_S3_BUCKET": "media", "MEDIA_S3_ENDPOINT_URL": "x"})
    assert "MEDIA_S3_ACCESS_KEY_ID, MEDIA_S3_SECRET_ACCESS_KEY must be set" in str(refused.value)


def test_a_custom_domain_is_the_origin_of_public_media_urls():
    storage = media_storage_from_environment(
        {
            "MEDIA_S3_BUCKET": "media",
            "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org",
            "MEDIA_S3_ACCESS_KEY_ID": "key",
            "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
            "MEDIA_S3_CUSTOM_DOMAIN": "media.crafts.example.org",
        }
    )
    assert media_origin(storage) == "https://media.crafts.example.org"
    # Two makers' IMG_0001.jpg must not replace each other; cached pages need unsigned URLs.
    assert storage["OPTIONS"]["file_overwrite"] is False
    assert storage["OPTIONS"]["querystring_auth"] is False


def test_the_storefront_policy_lets_pages_show_images_from_the_bucket():
    probe = (
        "import django; django.setup(); from django.conf import settings; import json; "
        "print(json.dumps([settings.STORAGES['default']['BACKEND'], "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
    )
    environment = {
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "PATH": "/usr/bin:/bin",
        "MEDIA_S3_BUCKET": "media",
        "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org:9000",
        "MEDIA_S3_ACCESS_KEY_ID": "key",
        "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    backend, img_src = json.loads(result.stdout.strip().splitlines()[-1])
    assert backend == "storages.backends.s3.S3Storage"
    assert img_src == ["'self'", "data:", "https://s3.example.org:9000"]


@pytest.mark.django_db
def test_an_uploaded_photo_and_its_rendition_are_stored_clean_in_the_bucket(
    bucket, group_staff_client
):
    image = upload(group_staff_client, "bowl.jpg", photo_with_gps(), "image/jpeg")

    [original_key] = bucket.keys("original_images/")
    assert original_key == image.file.name
    assert_no_metadata(bucket.read(original_key))
    assert image.file_size == len(bucket.read(original_key))

    rendition = image.get_rendition("fill-1200x630|format-jpeg")  # og:image
    assert bucket.keys("images/") == [rendition.file.name]
    stored = bucket.read(rendition.file.name)
    assert_no_metadata(stored)
    assert stored[:3] == b"\xff\xd8\xff"  # a JPEG, made from the original in the bucket
    # Public, unsigned URLs at the bucket's endpoint (a cached page must not carry a signature),
    # readable by anyone: what a buyer's browser fetches.
    public_prefix = f"{bucket.environment['MEDIA_S3_ENDPOINT_URL']}/{bucket.name}/"
    assert rendition.url == public_prefix + rendition.file.name
    assert image.file.url == public_prefix + original_key
    assert fetch(rendition.url) == stored


@pytest.mark.django_db
def test_two_photos_with_the_same_file_name_do_not_replace_each_other(bucket, group_staff_client):
    first = upload(group_staff_client, "IMG_0001.jpg", photo_with_gps(), "image/jpeg")
    first_bytes = bucket.read(first.file.name)
    group_staff_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Another bowl",
            "collection": group_staff_client.group.collection.pk,
            "file": SimpleUploadedFile(
                "IMG_0001.jpg", photo_with_gps(size=(60, 40)), content_type="image/jpeg"
            ),
        },
    )

    assert len(bucket.keys("original_images/")) == 2
    assert bucket.read(first.file.name) == first_bytes


@pytest.mark.django_db
def test_a_product_page_shows_its_photo_from_the_bucket(bucket, client, site_tree):
    product = make_product(make_group(), "Ralli quilt")

    html = client.get(product.url).content.decode()

    prefix = f"{bucket.environment['MEDIA_S3_ENDPOINT_URL']}/{bucket.name}/images/"
    assert f'src="{prefix}' in html
    assert all(key in html for key in bucket.keys("images/"))


@pytest.mark.django_db
def test_the_strip_command_cleans_photos_stored_in_the_bucket(
    bucket, site_tree, django_capture_on_commit_callbacks
):
    image = ImageFactory(
        title="Stored before the fix",
        file=ImageFile(io.BytesIO(photo_with_gps(orientation=6)), name="old.jpg"),
    )
    leaky = image.get_rendition("fill-1200x630|format-jpeg")
    assert b"PhoneMaker" in bucket.read(leaky.file.name)  # Willow copies a JPEG's EXIF
    old_original, old_rendition = image.file.name, leaky.file.name

    with django_capture_on_commit_callbacks(execute=True):
        call_command("images_strip_metadata", stdout=io.StringIO())

    image.refresh_from_db()
    assert image.file.name != old_original  # saved beside the old one, not over it
    assert bucket.keys("original_images/") == [image.file.name]
    assert_no_metadata(bucket.read(image.file.name))
    assert (image.width, image.height) == (80, 120)
    assert old_rendition not in bucket.keys("images/")
    fresh = image.get_rendition("fill-1200x630|format-jpeg")
    assert_no_metadata(bucket.read(fresh.file.name))
    output = io.StringIO()
    call_command("images_strip_metadata", stdout=output)
    assert "0 of 1 images" in output.getvalue()


@pytest.mark.django_db
def test_a_document_is_stored_in_the_bucket_and_served_through_the_site(bucket, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    content = b"date,amount\n2026-11-01,4500.00\n"

    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Price list",
            "file": SimpleUploadedFile("prices.csv", content, content_type="text/csv"),
        },
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert bucket.keys("documents/") == [document.file.name]
    served = client.get(document.url)
    assert served.status_code == 200  # streamed by the site, not a redirect to the bucket
    assert b"".join(served.streaming_content) == content
    # The bucket itself does not hand documents out (the site checks collection privacy first).
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(f"{bucket.environment['MEDIA_S3_ENDPOINT_URL']}/{bucket.name}/{document.file.name}")
    assert refused.value.code == 403
