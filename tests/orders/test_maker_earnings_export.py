"""Finance's export of all makers' earnings: a long export like the sales one, its file equal
to a direct query of the makers' earnings, makers by artisan id (no names in the file)."""

import csv
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import MakerRate
from marketplace.exports import registry, services
from marketplace.models import ExportJob
from orders.finance.maker_earnings_export import MAKER_EARNINGS_EXPORT
from orders.models import MakerEarning
from tests.factories import make_artisan
from tests.marketplace import test_exports
from tests.marketplace.test_exports import finance_user
from tests.orders import conftest as orders_conftest

pytestmark = pytest.mark.django_db

two_groups_catalog = orders_conftest.two_groups_catalog
sales_fixture = test_exports.sales  # three delivered cash-on-delivery orders
START = f"/admin/exports/start/{MAKER_EARNINGS_EXPORT.name}/"


@pytest.fixture
def makers(two_groups_catalog):
    """Two makers of the Lahore shawl, one of the Thar quilt, before anything is sold."""
    catalog = two_groups_catalog
    for product, group, names in (
        (catalog["shawl"].product, catalog["lahore"], ("Rukhsana Bibi", "Nasreen Akhtar")),
        (catalog["quilt"].product, catalog["thar"], ("Mai Bhagi",)),
    ):
        for name in names:
            MakerRate.objects.create(
                product=product,
                artisan=make_artisan(group, name),
                piece_rate=Decimal("400.00"),
                hours_per_piece=Decimal("5.00"),
            )
    return catalog


def test_all_makers_earnings_export_as_a_task_and_match_the_records(
    client, makers, sales_fixture, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(
        registry._registry,
        MAKER_EARNINGS_EXPORT.name,
        replace(MAKER_EARNINGS_EXPORT, immediate_rows=0),
    )
    monkeypatch.setattr(services, "PROGRESS_EVERY", 1)
    client.force_login(finance_user("finance"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, {"date_from": timezone.localdate().isoformat()})

    job = ExportJob.objects.get()
    expected = list(
        MakerEarning.objects.order_by("created_at", "pk").values_list("artisan_id", "amount")
    )
    assert (job.status, job.rows_done, job.rows_total) == ("done", len(expected), len(expected))
    download = client.get(f"/admin/exports/{job.pk}/download/")
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    maker, amount = header.index("Maker (artisan id)"), header.index("Amount (PKR)")
    assert [(int(row[maker]), Decimal(row[amount])) for row in body] == expected
    assert len(expected) == 6  # two shawls sold (two makers each), two quilts (one maker)
    text = "\n".join(",".join(row) for row in rows)
    assert "Rukhsana" not in text and "Mai Bhagi" not in text
