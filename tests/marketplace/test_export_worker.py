"""A real Celery worker on Redis writes a long export queued from the admin, with progress,
into storage the requester then downloads from."""

import uuid
from dataclasses import replace

import pytest

from marketplace.exports import registry
from marketplace.models import ExportJob
from orders.finance.dashboards.sales_export import SALES_EXPORT
from tests.celery_worker import queue_purge, running_worker, worker_environment
from tests.marketplace.test_exports import direct_query_rows, file_rows, finance_user
from tests.orders import conftest as orders_conftest
from tests.orders.conftest import add_to_cart, checkout_data
from tests.orders.test_statements import deliver
from tests.progress_wait import wait_until

STALL_SECONDS = 20

two_groups_catalog = orders_conftest.two_groups_catalog


@pytest.fixture
def worker(settings, tmp_path):
    """A worker on a queue of this test's own, writing files where this test reads them."""
    queue = f"exports-test-{uuid.uuid4().hex[:8]}"
    settings.EXPORT_QUEUE = settings.NOTIFICATION_QUEUE = queue
    env = worker_environment(MEDIA_ROOT=str(settings.MEDIA_ROOT))
    with running_worker(queue=queue, log=tmp_path / "worker.log", env=env) as running:
        yield running
    queue_purge(queue)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_writes_the_export_and_its_file_matches_the_ledger(
    client, site_tree, two_groups_catalog, worker, monkeypatch
):
    from orders.models import Order
    from tests.factories import make_staff

    # The worker's registry is its own: it runs the real definition, whatever the threshold.
    monkeypatch.setitem(
        registry._registry, SALES_EXPORT.name, replace(SALES_EXPORT, immediate_rows=0)
    )
    for variant in (two_groups_catalog["shawl"], two_groups_catalog["quilt"]):
        add_to_cart(client, variant, 1)
    client.post("/checkout/", checkout_data(client))
    for sub_order in Order.objects.get().sub_orders.all():
        deliver(sub_order, make_staff(sub_order.producer_group, f"s{sub_order.pk}"))
    finance = finance_user("finance")
    client.force_login(finance)

    response = client.post(f"/admin/exports/start/{SALES_EXPORT.name}/", {})
    job = ExportJob.objects.get()
    assert response["Location"] == f"/admin/exports/{job.pk}/"

    jobs = ExportJob.objects.filter(pk=job.pk)
    wait_until(
        lambda: jobs.filter(status=ExportJob.Status.DONE).exists(),
        progress=lambda: (list(jobs.values_list("status", "rows_done")), worker.log_size()),
        stall_seconds=STALL_SECONDS * worker.slowness,
        what="the export written by the worker",
        details=worker.output,
    )
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total, job.attempt) == (2, 2, 1)
    assert "Task marketplace.run_export[" in worker.output()
    download = client.get(f"/admin/exports/{job.pk}/download/")
    assert file_rows(b"".join(download.streaming_content)) == direct_query_rows()
