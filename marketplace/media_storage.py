"""Where uploads (photos, renditions, documents) are stored: the local disk, or an S3 bucket.

One web server can keep media on its disk (MEDIA_ROOT). Several cannot: a photo uploaded
through one would be missing on the others. Setting MEDIA_S3_BUCKET stores every upload in an
S3-compatible bucket (AWS S3, MinIO, Ceph, Cloudflare R2 ...) through django-storages, read by
settings.py from the environment:

    MEDIA_S3_BUCKET             the bucket's name (set: S3; empty: the local disk)
    MEDIA_S3_ENDPOINT_URL       the S3 API's URL, e.g. https://s3.eu-west-1.amazonaws.com
    MEDIA_S3_ACCESS_KEY_ID      the credentials of a key that may read, write and delete
    MEDIA_S3_SECRET_ACCESS_KEY  objects in the bucket
    MEDIA_S3_REGION             the bucket's region (e.g. eu-west-1; "us-east-1" for most others)
    MEDIA_S3_CUSTOM_DOMAIN      optional: public URLs use this host (a CDN in front of the
                                bucket) instead of <endpoint>/<bucket>/

Public URLs carry no signature (`querystring_auth` off): pages are cached whole, so an
expiring signed link would outlive its signature in the cache. The bucket must therefore let
anyone read the image prefixes (`original_images/`, `images/`) and nobody else: documents
(`documents/`) stay private and are streamed by Wagtail's document view, which checks the
collection's privacy first (WAGTAILDOCS_SERVE_METHOD = "serve_view").

A name already taken gets a new unique name instead of overwriting the object
(`file_overwrite` off): two makers' `IMG_0001.jpg` must not replace each other, and
`images_strip_metadata` saves the clean copy next to the old one before deleting it.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
# Needed together with the bucket; the region and the custom domain are optional.
S3_REQUIRED = ("MEDIA_S3_ENDPOINT_URL", "MEDIA_S3_ACCESS_KEY_ID", "MEDIA_S3_SECRET_ACCESS_KEY")


def media_storage_from_environment(environ: Mapping[str, str]) -> dict:
    """The STORAGES["default"] entry the environment asks for."""
    bucket = environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": LOCAL_BACKEND}
    missing = [name for name in S3_REQUIRED if not environ.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(
            f"MEDIA_S3_BUCKET is set, so {', '.join(missing)} must be set too."
        )
    custom_domain = environ.get("MEDIA_S3_CUSTOM_DOMAIN", "").strip() or None
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ["MEDIA_S3_ENDPOINT_URL"].strip(),
            "access_key": environ["MEDIA_S3_ACCESS_KEY_ID"].strip(),
            "secret_key": environ["MEDIA_S3_SECRET_ACCESS_KEY"].strip(),
            "region_name": environ.get("MEDIA_S3_REGION", "").strip() or None,
            "custom_domain": custom_domain,
            # <endpoint>/<bucket>/<key>: works on every S3-compatible server without
            # wildcard DNS, and gives one origin for the Content-Security-Policy.
            "addressing_style": "path",
            "signature_version": "s3v4",
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,  # the bucket's policy decides (ACLs are off on new buckets)
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }


def media_origin(storage: dict) -> str | None:
    """The origin public media URLs point at (for img-src), or None when served by this site."""
    if storage["BACKEND"] != S3_BACKEND:
        return None
    options = storage["OPTIONS"]
    if options["custom_domain"]:
        return f"https://{options['custom_domain']}"
    endpoint = urlsplit(options["endpoint_url"])
    return f"{endpoint.scheme}://{endpoint.netloc}"
