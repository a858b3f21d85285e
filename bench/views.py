"""The benchmark's baseline view, mounted only by bench/urls.py (the bench settings' URLconf)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def bare(request):
    """Does nothing: `make bench` measures catalog pages as a ratio to this view."""
    return HttpResponse(b"ok", content_type="text/plain")
