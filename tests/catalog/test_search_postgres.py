"""The catalog search tests again, on PostgreSQL with its full-text search backend."""

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from tests.catalog.test_search import *  # noqa: F403 (re-runs those tests here)
from tests.catalog.test_search import searchable  # noqa: F401 (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_runs_on_postgresql_full_text_search():
    assert connection.vendor == "postgresql"
    assert "postgres" in type(get_search_backend()).__module__
