"""`manage.py load_demo [--scale N]`: the demo site, and optionally a large benchmark catalogue.

Thin: the content and how it is created live in `catalog.demo`.
"""

import time
from functools import partial

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from catalog.demo import users
from catalog.demo.builder import demo_load
from catalog.demo.data.groups import GROUPS
from catalog.demo.scale import scale_load
from catalog.demo.translations import demo_translations_ensure
from catalog.market.demo import demo_market_figures_ensure
from catalog.network.demo import demo_network_application_ensure
from events.demo import demo_melas_ensure
from events.workshops.demo import demo_workshops_ensure
from marketplace.demo import demo_resources_and_newsletter_ensure
from orders.trade.demo import demo_trade_enquiry_ensure


class Command(BaseCommand):
    help = _(
        "Load demo producer groups, artisans, products and users. Safe to run again: only "
        "what is missing is created. --scale N adds a benchmark catalogue of N products."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=_("Also create a benchmark catalogue of N products, 20 per producer group."),
        )
        parser.add_argument(
            "--skip-demo",
            action="store_true",
            help=_("With --scale: create only the benchmark catalogue, not the demo groups."),
        )

    def handle(self, *args, scale: int, skip_demo: bool, **options):
        if scale < 0:
            raise CommandError(_("--scale must be zero or more."))
        verbose = options["verbosity"] > 0
        started = time.monotonic()
        if not skip_demo:
            report = demo_load(log=self.stdout.write if options["verbosity"] > 1 else None)
            if verbose:
                self.stdout.write(
                    _(
                        "Demo: created %(groups)d producer groups, %(artisans)d artisans, "
                        "%(products)d products, %(images)d images, %(users)d users."
                    )
                    % vars(report)
                )
            melas = demo_melas_ensure(
                admin=get_user_model().objects.get(username=users.ADMIN_USERNAME)
            )
            if verbose:
                self.stdout.write(_("Demo: created %(melas)d melas.") % {"melas": melas})
            pages = demo_resources_and_newsletter_ensure()
            if verbose:
                self.stdout.write(
                    _("Demo: created %(pages)d resource and newsletter pages.") % {"pages": pages}
                )
            demo_market_figures_ensure()
            enquiries = demo_trade_enquiry_ensure()
            if verbose:
                self.stdout.write(
                    _("Demo: created %(enquiries)d trade enquiry with a quote.")
                    % {"enquiries": enquiries}
                )
            workshops = demo_workshops_ensure()
            applications = demo_network_application_ensure()
            if verbose:
                self.stdout.write(
                    _(
                        "Demo: created %(workshops)d workshops and %(applications)d "
                        "applications to join."
                    )
                    % {"workshops": workshops, "applications": applications}
                )
            translated = demo_translations_ensure()
            if verbose:
                self.stdout.write(
                    _("Demo: published %(pages)d Urdu versions of pages.") % {"pages": translated}
                )
        if scale:
            scale_report = scale_load(
                products=scale,
                write=partial(self.stderr.write, ending="") if verbose else None,
                is_terminal=self.stderr.isatty(),
            )
            if connection.vendor == "postgresql":
                # Fresh planner statistics: after a bulk load PostgreSQL underestimates the
                # tables tenfold and picks slow plans until autovacuum catches up.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            if verbose:
                self.stdout.write(
                    _(
                        "Benchmark catalogue: created %(groups)d producer groups, "
                        "%(artisans)d artisans, %(products)d products."
                    )
                    % vars(scale_report)
                )
        if verbose:
            seconds = time.monotonic() - started
            self.stdout.write(_("Done in %(seconds).1f s.") % {"seconds": seconds})
            self._print_logins(demo=not skip_demo, scale=bool(scale))

    def _print_logins(self, *, demo: bool, scale: bool) -> None:
        self.stdout.write("")
        self.stdout.write(
            _("Admin login: %(username)s / %(password)s  (unless changed since)")
            % {"username": users.ADMIN_USERNAME, "password": users.ADMIN_PASSWORD}
        )
        self.stdout.write(
            _("Moderator, finance and producer group staff log in with the password %(password)s:")
            % {"password": users.DEMO_PASSWORD}
        )
        self.stdout.write(f"  {users.MODERATOR_USERNAME}")
        self.stdout.write(f"  {users.FINANCE_USERNAME}")
        if demo:
            for seed in GROUPS:
                self.stdout.write(f"  {users.staff_username(seed.slug)}  ({seed.title})")
        if scale:
            self.stdout.write(
                "  " + _("scale-group-0001-staff, scale-group-0002-staff... (benchmark groups)")
            )
