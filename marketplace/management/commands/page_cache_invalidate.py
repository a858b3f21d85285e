"""`manage.py page_cache_invalidate`: make every cached page and kept fragment (product cards,
group profiles, filter choices) stale. deploy/release.sh runs it, so a release's templates and
translations are shown at once, not after the old copies expire."""

from django.core.management.base import BaseCommand

from marketplace import page_cache


class Command(BaseCommand):
    help = "Make every cached page and kept fragment stale (run on each release)."

    def handle(self, *args, **options):
        page_cache.invalidate()
        self.stdout.write("Cached pages and fragments made stale.")
