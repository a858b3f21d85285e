"""The hostile search input tests again, on PostgreSQL's full-text search backend."""

import pytest

from tests.catalog.test_search_hostile_input import *  # noqa: F403 (re-runs those tests here)
from tests.catalog.test_search_hostile_input import searchable  # noqa: F401 (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
