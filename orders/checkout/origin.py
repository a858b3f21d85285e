"""Same-origin check for the one form that is posted from cached public pages.

"Add to cart" lives on product pages that are cached for anonymous visitors, so it cannot
carry a per-visitor CSRF token. It is protected instead by checking that the browser says the
form came from this site (the Origin header, or Referer when Origin is absent), the check
OWASP lists for token-less CSRF defence; the session cookie is also SameSite=Lax. Every other
form keeps Django's CSRF token.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.views.decorators.csrf import csrf_exempt


def _same_origin(request) -> bool:
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    return parts.netloc == request.get_host() and parts.scheme == request.scheme


def same_origin_post(view):
    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not _same_origin(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
