"""Pages are served with the site, its home page, the place of view restrictions and the page
at a path read from the cache (marketplace.serving, marketplace.translations), and what they
read is forgotten when it changes: a new restriction is enforced at once, a moved page is
found at its new path only, an edited home page is served as edited."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from catalog.selectors import products_for_sale
from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def quilt(site_tree):
    thar = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    return make_product(thar, "Ralli quilt", price="9800", stock=10)


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def test_a_second_view_reads_neither_the_site_nor_the_route_nor_restrictions(
    client, settings, quilt
):
    settings.PAGE_CACHE_SECONDS = 0  # rendered again: what it reads is under test
    client.get(quilt.url)  # fills the cache
    second = " ".join(queries_of(client, quilt.url))

    assert "wagtailcore_site" not in second
    assert "wagtailcore_locale" not in second
    assert "wagtailcore_pageviewrestriction" not in second
    assert '"slug" =' not in second  # the page at the path is remembered
    assert '"url_path" =' not in second  # and the page itself (a product page is kept)


def test_a_group_page_is_routed_to_without_a_query_from_the_second_view(client, settings, quilt):
    settings.PAGE_CACHE_SECONDS = 0
    group_url = quilt.get_parent().url
    client.get(group_url)
    second = " ".join(queries_of(client, group_url))

    assert '"url_path" =' not in second
    assert "catalog_producergroupterms" not in second  # kept with the page (route_related)


def test_a_published_edit_of_a_kept_page_is_served_at_once(client, settings, quilt):
    settings.PAGE_CACHE_SECONDS = 0  # the kept page, not the page cache, is under test
    group = quilt.get_parent().specific
    assert "Woven by" not in client.get(quilt.url).content.decode()
    client.get(group.url)

    quilt.materials = "Woven by hand from Thar cotton"
    quilt.save_revision().publish()
    group.tagline = "Quilts from the desert"
    group.save_revision().publish()

    assert "Woven by hand from Thar cotton" in client.get(quilt.url).content.decode()
    assert "Quilts from the desert" in client.get(group.url).content.decode()


def test_an_urdu_version_published_or_unpublished_after_a_view_is_served_at_once(
    client, settings, quilt
):
    from wagtail.models import Locale

    from marketplace.translations import translation_ensure

    settings.PAGE_CACHE_SECONDS = 0
    urdu_url = f"/ur{quilt.url}"
    assert "Ralli quilt" in client.get(urdu_url).content.decode()  # English, for now
    client.get(urdu_url)
    assert '"url_path" =' not in " ".join(queries_of(client, urdu_url))
    assert '"translation_key" =' not in " ".join(queries_of(client, urdu_url))

    urdu = translation_ensure(quilt, Locale.objects.get(language_code="ur"))
    urdu.title = "رلی رضائی"
    urdu.save_revision().publish()
    assert "رلی رضائی" in client.get(urdu_url).content.decode()

    urdu.refresh_from_db()  # (the revision published another instance)
    urdu.unpublish()
    page = client.get(urdu_url).content.decode()
    assert "رلی رضائی" not in page and "Ralli quilt" in page


def test_a_group_given_a_new_slug_takes_its_kept_products_to_their_new_addresses(
    client, settings, django_capture_on_commit_callbacks, quilt
):
    settings.PAGE_CACHE_SECONDS = 0
    old_url = quilt.url
    assert client.get(old_url).status_code == 200
    client.get(old_url)  # kept

    group = quilt.get_parent().specific
    group.slug = "thar-ralli-women"
    with django_capture_on_commit_callbacks(execute=True):  # (Wagtail tells after the commit)
        group.save_revision().publish()
    quilt.refresh_from_db()

    assert quilt.url != old_url
    moved = client.get(old_url)  # to Wagtail's redirect, not the kept page
    assert moved.status_code == 301 and moved["Location"] == quilt.url
    assert client.get(f"/ur{old_url}").status_code in (301, 404)
    assert client.get(quilt.url).status_code == 200


def test_a_page_deleted_while_unpublished_does_not_hide_a_new_one_at_its_path(
    client, settings, site_tree
):
    settings.PAGE_CACHE_SECONDS = 0
    group = make_group("Thar Ralli Cooperative")
    first = make_product(group, "Ralli quilt")
    url = first.url
    first.unpublish()
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404  # (its path remembered)

    first.delete()  # not live: no unpublish signal, no tag moved
    second = make_product(group, "Ralli quilt", price="7000")

    assert second.url == url
    response = client.get(url)
    assert response.status_code == 200 and "7,000" in response.content.decode()


def test_an_urdu_alias_made_a_page_of_its_own_is_served_as_a_translation(client, settings, quilt):
    from wagtail.models import Locale

    from marketplace.translations import translation_ensure
    from tests.factories import UserFactory

    settings.PAGE_CACHE_SECONDS = 0
    urdu_locale = Locale.objects.get(language_code="ur")
    translation_ensure(quilt.get_parent().specific, urdu_locale)
    alias = quilt.copy_for_translation(urdu_locale, alias=True)
    urdu_url = f"/ur{quilt.url}"
    notice = "untranslated-notice"
    assert notice in client.get(urdu_url).content.decode()  # an alias is not a translation
    assert notice in client.get(urdu_url).content.decode()  # (kept so)

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    converted = client.post(f"/admin/pages/{alias.pk}/convert_alias/")
    assert converted.status_code == 302
    client.logout()

    assert notice not in client.get(urdu_url).content.decode()


def test_a_draft_of_a_kept_page_is_not_served_and_an_unpublished_page_is_gone(
    client, settings, quilt
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(quilt.url)

    quilt.materials = "Draft wording"
    quilt.save_revision()
    assert "Draft wording" not in client.get(quilt.url).content.decode()

    quilt.unpublish()
    assert client.get(quilt.url).status_code == 404


def restrict_to_logged_in(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def test_a_restriction_added_after_a_view_is_enforced_at_once(client, settings, quilt):
    settings.PAGE_CACHE_SECONDS = 0  # the record, not the page cache, is under test
    assert client.get(quilt.url).status_code == 200

    restriction = restrict_to_logged_in(quilt.get_parent())

    response = client.get(quilt.url)
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"]
    assert quilt.pk not in set(products_for_sale().values_list("pk", flat=True))

    restriction.delete()
    assert client.get(quilt.url).status_code == 200
    assert quilt.pk in set(products_for_sale().values_list("pk", flat=True))


def test_a_group_restriction_is_enforced_too(client, settings, quilt):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(quilt.url)
    restriction = PageViewRestriction.objects.create(
        page=quilt, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Buyers club"))
    assert client.get(quilt.url).status_code == 302


def test_a_moved_page_is_found_at_its_new_path_only(client, settings, quilt):
    settings.PAGE_CACHE_SECONDS = 0
    old_url = quilt.url
    assert client.get(old_url).status_code == 200

    quilt.slug = "ralli-quilt-large"
    quilt.save_revision().publish()
    quilt.refresh_from_db()

    assert client.get(old_url).status_code == 404
    assert client.get(quilt.url).status_code == 200


def test_a_page_made_at_a_remembered_path_is_the_one_served(client, settings, site_tree):
    settings.PAGE_CACHE_SECONDS = 0
    group = make_group("Thar Ralli Cooperative")
    first = make_product(group, "Ralli quilt")
    url = first.url
    assert client.get(url).status_code == 200
    first.delete()
    assert client.get(url).status_code == 404

    second = make_product(group, "Ralli quilt", price="7000")
    assert second.url == url
    response = client.get(url)
    assert response.status_code == 200
    assert "7,000" in response.content.decode()


def test_an_edited_home_page_is_served_as_edited(client, settings, site_tree):
    settings.PAGE_CACHE_SECONDS = 0
    home, _producers = site_tree
    client.get("/")
    client.get("/shop/")  # (not a Wagtail page: leaves the record as it was)

    home.hero_heading = "Winter mela week"
    home.save_revision().publish()

    assert "Winter mela week" in client.get("/").content.decode()


def test_a_new_site_for_a_host_is_used_from_the_next_request(client, settings, site_tree):
    settings.PAGE_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    home, producers = site_tree
    assert client.get("/producers/", HTTP_HOST="other.example").status_code == 200

    # A site of its own for the other host, rooted at the producers' index: the same path
    # is now looked up below that page.
    Site.objects.create(hostname="other.example", port=80, root_page=producers)

    assert client.get("/producers/", HTTP_HOST="other.example").status_code == 404


def test_a_page_cached_before_its_restriction_is_not_served_from_the_cache(client, quilt):
    client.get(quilt.url)
    assert client.get(quilt.url)["X-Page-Cache"] == "hit"

    restrict_to_logged_in(quilt)

    assert client.get(quilt.url).status_code == 302


def test_the_login_a_restriction_sends_to_opens_and_a_password_unlocks_the_page(
    client, settings, quilt
):
    settings.PAGE_CACHE_SECONDS = 0
    restriction = restrict_to_logged_in(quilt)
    login = client.get(quilt.url)["Location"]
    assert client.get(login).status_code == 200  # Wagtail's own login page

    restriction.restriction_type = PageViewRestriction.PASSWORD
    restriction.password = "mela-2026"
    restriction.save()
    form = client.get(quilt.url)
    assert form.status_code == 200 and 'name="password"' in form.content.decode()
    unlock = f"/_util/authenticate_with_password/{restriction.pk}/{quilt.pk}/"
    answer = client.post(unlock, {"password": "mela-2026", "return_url": quilt.url})
    assert answer.status_code == 302
    assert "Ralli quilt" in client.get(quilt.url).content.decode()


def test_the_urdu_version_of_a_restricted_page_is_restricted_too(client, settings, quilt):
    from wagtail.models import Locale

    from marketplace.translations import translation_ensure

    settings.PAGE_CACHE_SECONDS = 0
    urdu = translation_ensure(quilt, Locale.objects.get(language_code="ur"))
    urdu.title = "رلی رضائی"
    urdu.save_revision().publish()
    urdu_url = f"/ur{quilt.url}"
    assert "رلی رضائی" in client.get(urdu_url).content.decode()

    restrict_to_logged_in(quilt)

    assert client.get(urdu_url).status_code == 302


def test_a_site_rooted_below_the_home_page_serves_its_root_as_published(
    client, settings, site_tree
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    _home, producers = site_tree
    Site.objects.create(hostname="other.example", port=80, root_page=producers)
    assert client.get("/", HTTP_HOST="other.example").status_code == 200

    producers.unpublish()

    assert client.get("/", HTTP_HOST="other.example").status_code == 404


class ServingReadsCounted:
    """The cache as marketplace.serving sees it, counting the reads of the serving record."""

    def __init__(self, real):
        self.real = real
        self.record_reads = 0

    def get(self, key, *args, **kwargs):
        if str(key).startswith("serving:"):
            self.record_reads += 1
        return self.real.get(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_a_page_view_reads_the_record_once_and_the_next_view_reads_it_again(
    client, settings, monkeypatch, quilt
):
    from marketplace import serving

    settings.PAGE_CACHE_SECONDS = 0
    client.get(quilt.url)  # the record kept
    counted = ServingReadsCounted(serving.cache)
    monkeypatch.setattr(serving, "cache", counted)

    client.get(quilt.url)  # (the site, then the product's restrictions)
    assert counted.record_reads == 1

    restrict_to_logged_in(quilt)  # a request later sees the record anew
    assert client.get(quilt.url).status_code == 302
    assert counted.record_reads == 2
