"""The site's own address for absolute URLs in pages (og:url, og:image), from settings
(SITE_URL, which Wagtail also reads as WAGTAILADMIN_BASE_URL), never from the request's Host
header: pages are cached whole, and one request's Host must not end up in everyone's copy."""

from django.conf import settings


def site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def site_url_context(request) -> dict:
    """Template context processor: `site_url`."""
    return {"site_url": site_url()}
