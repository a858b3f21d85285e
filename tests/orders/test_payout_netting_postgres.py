"""The payout netting tests again, on PostgreSQL: what a group is owed is summed in SQL, and
PostgreSQL's LEAST and SUM treat NULLs and decimals differently from SQLite's."""

import pytest
from django.db import connection

from tests.orders.test_payout_netting import *  # noqa: F403 (re-runs those tests here)
from tests.orders.test_payout_netting import (  # noqa: F401 (fixtures)
    finance,
    group_with_no_earnings,
    low_minimum,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_runs_on_postgresql():
    assert connection.vendor == "postgresql"
