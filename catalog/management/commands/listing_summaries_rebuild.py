"""`manage.py listing_summaries_rebuild`: rewrite every product's listing summary from its
variants and gallery (catalog.listing_summary). Safe to run at any time; the services keep
the summaries current, so this is for after a bulk import or a repair."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.listing_summary import listing_summaries_rebuild
from marketplace import page_cache


class Command(BaseCommand):
    help = _("Rebuild the listing summary (price, stock, photo) of every product.")

    def handle(self, *args, **options):
        with transaction.atomic():
            written = listing_summaries_rebuild()
            page_cache.invalidate()
        self.stdout.write(_("%(count)s listing summaries rebuilt.") % {"count": written})
