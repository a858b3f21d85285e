"""`manage.py site_setup` (deploy/release.sh) turns a new database into the shop's page tree,
and running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from catalog.models import ProducerGroupIndexPage
from events.models import MelaIndexPage
from marketplace.models import HomePage

pytestmark = pytest.mark.django_db


def as_wagtail_migrations_leave_it() -> None:
    """The root page, its "Welcome" placeholder at /home/ and the default site on it: what a
    database holds after `migrate` (the test database may already hold the tree: removed)."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    Site.objects.all().delete()
    welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


def test_a_new_database_gets_the_shops_home_producers_and_melas(client):
    as_wagtail_migrations_leave_it()

    output = StringIO()
    call_command("site_setup", stdout=output)

    home = HomePage.objects.get()
    site = Site.objects.get()
    assert (site.root_page_id, site.site_name) == (home.pk, "Crafts Mela")
    assert not Page.objects.filter(title__startswith="Welcome").exists()
    assert ProducerGroupIndexPage.objects.get().get_parent().pk == home.pk
    assert MelaIndexPage.objects.get().get_parent().pk == home.pk
    for path in ("/", "/producers/", "/melas/"):
        assert client.get(path).status_code == 200, path
    assert "Site tree made" in output.getvalue()


def test_running_it_again_changes_nothing_even_where_editors_changed_the_tree():
    as_wagtail_migrations_leave_it()
    call_command("site_setup", stdout=StringIO())
    MelaIndexPage.objects.get().delete()  # an editor's choice, not a gap to fill
    pages = list(Page.objects.order_by("pk").values_list("pk", "path", "live"))
    revisions = Revision.objects.count()

    output = StringIO()
    call_command("site_setup", stdout=output)

    assert list(Page.objects.order_by("pk").values_list("pk", "path", "live")) == pages
    assert (Revision.objects.count(), Site.objects.count()) == (revisions, 1)
    assert "nothing changed" in output.getvalue()
