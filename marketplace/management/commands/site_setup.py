"""`manage.py site_setup`: on a new database, the page tree every installation needs (the home
page as the default site's root, the producers index, the melas index). deploy/release.sh runs
it after `migrate`, so a new production database serves the shop's home, not Wagtail's
placeholder. A database that has a home page is left alone: what editors did to the tree since
(an index moved or deleted) is theirs. `load_demo` makes the same tree before its content."""

from django.core.management.base import BaseCommand

from marketplace.models import HomePage
from marketplace.site_setup import site_tree_ensure


class Command(BaseCommand):
    help = "On a new database, make the home page, producers index and melas index."

    def handle(self, *args, **options):
        if HomePage.objects.exists():
            self.stdout.write("The site has its home page already: nothing changed.")
            return
        home, producers = site_tree_ensure()
        self.stdout.write(f"Site tree made: home {home.url_path}, producers {producers.url_path}")
