"""Creates the page tree every installation needs: the home page, the producers index and the
melas index."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from catalog.models import ProducerGroupIndexPage
from events.models import MelaIndexPage
from marketplace.models import HomePage
from marketplace.translations import default_locale_id


@transaction.atomic
def site_tree_ensure() -> tuple[HomePage, ProducerGroupIndexPage]:
    """Idempotent: returns the existing home page and producers index, creating what is missing.

    Replaces Wagtail's placeholder 'Welcome' page as the default site's root, and names the
    site (the admin dashboard shows its name, else the host name, "localhost").
    """
    home = HomePage.objects.filter(locale_id=default_locale_id()).first()
    if home is None:
        root = Page.get_first_root_node()
        placeholder = (
            Page.objects.filter(depth=2, slug="home")
            .exclude(content_type__model="homepage")
            .first()
        )
        if placeholder is not None:
            placeholder.slug = "welcome-placeholder"
            placeholder.save(update_fields=["slug"])
        home = root.add_child(
            instance=HomePage(
                title=_("Crafts Mela"),
                slug="home",
                hero_heading=_("Crafts made by home-based women workers"),
                hero_text=_(
                    "Embroidery, ralli quilts, block prints, khussas, pottery and more, sold by "
                    "the workers' own organisations. Every page shows how much of the price "
                    "reaches them."
                ),
            )
        )
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
        else:
            site.root_page = home
            site.save(update_fields=["root_page"])
        if placeholder is not None:
            placeholder.delete()

    Site.objects.filter(is_default_site=True, site_name="").update(
        site_name=settings.WAGTAIL_SITE_NAME
    )
    producers = ProducerGroupIndexPage.objects.filter(locale_id=default_locale_id()).first()
    if producers is None:
        producers = home.add_child(
            instance=ProducerGroupIndexPage(
                title=_("Producer groups"),
                slug="producers",
                intro=_("Unions, cooperatives and associations of home-based workers."),
            )
        )
        producers.save_revision().publish()
    _melas_index_ensure(home)
    return home, producers


def _melas_index_ensure(home: HomePage) -> None:
    """The melas index at /melas/ (events app)."""
    if MelaIndexPage.objects.exists():
        return
    melas = home.add_child(
        instance=MelaIndexPage(
            title=_("Melas"),
            slug="melas",
            intro=_(
                "Crafts melas and exhibitions where producer groups sell from their own stalls."
            ),
        )
    )
    melas.save_revision().publish()
