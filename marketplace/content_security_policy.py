"""The two Content-Security-Policies (django-csp's setting format), built from the image sources
the settings know (the media bucket, CSP_EXTRA_IMG_SRC). marketplace/security_headers.py picks
one per request."""


def storefront_policy(image_sources: list[str]) -> dict:
    """No inline script or style at all: cached pages cannot carry a per-request nonce."""
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": image_sources,
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "frame-ancestors": ["'self'"],
        }
    }


def admin_policy(image_sources: list[str]) -> dict:
    """The Wagtail admin: its date pickers and inline panels use inline script and style; its
    dashboard asks releases.wagtail.org for the latest version (WAGTAIL_ENABLE_UPDATE_CHECK).
    No Gravatar: staff avatars would send a hash of each staff email to a third party (and over
    plain http, which the policy refused), so the settings set WAGTAIL_GRAVATAR_PROVIDER_URL to
    None."""
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'", "'unsafe-inline'"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": [*image_sources, "blob:"],
            "font-src": ["'self'", "data:"],
            "connect-src": ["'self'", "https://releases.wagtail.org"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "frame-ancestors": ["'self'"],
        }
    }
