import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
application = get_wsgi_application()


def _load_what_a_first_request_would() -> None:
    """The URLconf (every view module) with its reverse lookups in each language, and each
    language's translations, loaded now so that they are frozen with the rest below."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        # Loads the language's catalogues; reverse lookups are kept per language.
        with translation.override(code, deactivate=True):
            get_resolver().reverse_dict  # noqa: B018 (reading it fills them)


# What loading the site made (modules, classes, functions, URL patterns, translations: about
# 240,000 objects) lives as long as the web process. Frozen, it is left out of the garbage
# collector's full passes: each took 150-200 ms of CPU in a gunicorn worker under load,
# stalling every request of that worker, and takes a median of 14 ms frozen (bench/README.md,
# thirteenth session).
_load_what_a_first_request_would()
gc.collect()
gc.freeze()
