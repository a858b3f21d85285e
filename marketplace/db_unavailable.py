"""Database down: a 503 page with Retry-After, in the page's language, instead of a 500.

`DatabaseUnavailableMiddleware.process_exception` answers a view that failed on
django.db.OperationalError / InterfaceError (the server refused or dropped the connection, a
lock timed out); `server_error` (handler500) does the same for one raised outside a view. The
page is rendered without the request, so no context processor runs and nothing asks the
database again; its language comes from the URL (/ur/...) like the page asked for.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.get_template("503.html").render(
            {
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "STATIC_URL": settings.STATIC_URL,
                "home": "/" if language == settings.LANGUAGE_CODE else f"/{language}/",
            }
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.DATABASE_DOWN_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN_ERRORS):
            return None
        logger.error(
            "Database unavailable (%s: %s); answered %s with 503",
            type(exception).__name__,
            exception,
            request.path,
        )
        return database_unavailable_response(request)
