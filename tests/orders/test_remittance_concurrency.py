"""On PostgreSQL, two finance users recording remittances for one parcel at once: one wins."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from threading import Barrier

import pytest
from django.db import connection

from orders.finance.remittances import RemittanceError, remittance_record
from orders.models import CourierRemittance, RemittanceLine
from tests.orders.test_cod_remittances import delivered, finance  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_parcel_raced_into_two_remittances_is_covered_once(delivered, finance):  # noqa: F811
    assert connection.vendor == "postgresql"
    part = delivered["lahore_part"]
    start = Barrier(2)

    def record(reference: str) -> str:
        start.wait()
        try:
            remittance_record(
                by=finance,
                courier="TCS",
                reference=reference,
                amount=part.total,
                received_on=date.today(),
                sub_order_ids=[part.pk],
            )
            return "recorded"
        except RemittanceError as error:
            return str(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(record, ["TCS-A", "TCS-B"]))

    assert sorted(outcomes)[-1] == "recorded"
    assert "Already covered" in sorted(outcomes)[0] or "same time" in sorted(outcomes)[0]
    assert CourierRemittance.objects.count() == RemittanceLine.objects.count() == 1
