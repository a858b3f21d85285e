from contextlib import suppress

import pytest
from django.core.cache import cache
from django.test.utils import override_settings


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """Passwords hash with 1 PBKDF2 round instead of ~1,000,000 (tests/fast_hasher.py).

    Same algorithm and format, so check_password, logins and subprocess servers behave as in
    production. It replaces Django's PBKDF2 class (hashers are looked up by algorithm, and the
    real one would spend its full rounds on every wrong password, see harden_runtime) and
    verifies full-strength hashes too, since PBKDF2 reads the rounds from the hash.
    """
    from django.conf import settings

    real = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    others = [path for path in settings.PASSWORD_HASHERS if path != real]
    hashers = ["tests.fast_hasher.FastPBKDF2PasswordHasher", *others]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Each test writes uploads under its own folder and starts with an empty page cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to /ur/ leaves Urdu active in the
    thread, and `page.url` built afterwards would carry the /ur/ prefix."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _reference_index_only_where_read(request):
    """Wagtail's reference index (the admin's "used in" listings and delete warnings) is
    rewritten on every save of a page, image or document: about a fifth of the suite's CPU, and
    no test's assertion depends on it but those marked `reference_index`, which keep it (and
    test that our models' references are found). Off in the test's own thread only: live
    servers' and workers' threads keep writing it."""
    if request.node.get_closest_marker("reference_index"):
        yield
        return
    from wagtail.signal_handlers import disable_reference_index_auto_update

    # A bulk load inside the test (catalog/demo/indexing.py) switches it off and on again
    # itself, and Wagtail's switch then cannot be left a second time (AttributeError).
    with suppress(AttributeError), disable_reference_index_auto_update():
        yield


@pytest.fixture
def site_tree(db):
    """(home, producers index), as `manage.py site_setup` makes them. On SQLite under
    `make test` they are already in the template every test database is filled from
    (scripts/run_tests.py), so this finds them; elsewhere it makes them."""
    from marketplace.site_setup import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def moderator(db):
    """Platform staff who may set commercial terms (commission, status, payout accounts)."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(username="moderator")
    user.user_permissions.add(Permission.objects.get(codename="manage_commercial_terms"))
    return user


def pytest_configure(config):
    from tests.sqlite_template import connect_template_fill

    connect_template_fill()


def pytest_collection_modifyitems(config, items):
    """Refuse a transactional test outside the postgres, redis and browser groups
    (tests/suite_rules.py says why)."""
    from tests.suite_rules import transactional_tests_in_main_group

    misplaced = transactional_tests_in_main_group(items)
    if misplaced:
        raise pytest.UsageError(
            "Transactional tests must be marked postgres, redis or browser (they empty the "
            "tables, and the main group's other tests expect them filled):\n  "
            + "\n  ".join(misplaced)
        )
