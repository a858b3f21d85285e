"""Long exports: a large one runs as a task that records its progress and offers the file to
whoever asked; a small one answers at once; a stalled one can be started again."""

import csv
import io
from dataclasses import replace
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from marketplace.exports import registry, services
from marketplace.exports.services import export_run
from marketplace.models import ExportJob
from orders.finance.dashboards.sales_export import SALES_EXPORT
from orders.models import LedgerCause, LedgerKind, OrderLine
from tests.factories import UserFactory
from tests.orders import conftest as orders_conftest
from tests.orders.conftest import add_to_cart, checkout_data
from tests.orders.test_statements import deliver

pytestmark = pytest.mark.django_db

two_groups_catalog = orders_conftest.two_groups_catalog  # the orders tests' catalogue

START = f"/admin/exports/start/{SALES_EXPORT.name}/"


def finance_user(username: str):
    user = UserFactory(username=username)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_all_orders"),
    )
    return user


@pytest.fixture
def sales(client, two_groups_catalog):
    """Three paid (delivered cash-on-delivery) orders: four order lines."""
    from orders.models import Order

    catalog = two_groups_catalog
    for variants in (
        (catalog["shawl"], catalog["quilt"]),
        (catalog["shawl"],),
        (catalog["quilt"],),
    ):
        for variant in variants:
            add_to_cart(client, variant, 1)
        client.post("/checkout/", checkout_data(client))
        order = Order.objects.latest("pk")
        for sub_order in order.sub_orders.all():
            from tests.factories import make_staff

            deliver(sub_order, make_staff(sub_order.producer_group, f"s{sub_order.pk}"))
    client.logout()
    return catalog


@pytest.fixture
def always_a_task(monkeypatch):
    """The sales export with no immediate answer, progress written after every row."""
    monkeypatch.setitem(
        registry._registry, SALES_EXPORT.name, replace(SALES_EXPORT, immediate_rows=0)
    )
    monkeypatch.setattr(services, "PROGRESS_EVERY", 1)


def direct_query_rows() -> list[tuple[str, str, str, str]]:
    """(SKU, quantity, line total, commission) of every line of a paid sub-order."""
    lines = OrderLine.objects.filter(
        sub_order__ledger_entries__kind=LedgerKind.SALE,
        sub_order__ledger_entries__cause=LedgerCause.PAID,
    ).order_by("pk")
    return [
        (line.sku, str(line.quantity), str(line.line_total), str(line.commission)) for line in lines
    ]


def file_rows(content: bytes) -> list[tuple[str, str, str, str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header = rows[0]
    columns = [
        header.index(name) for name in ("SKU", "Quantity", "Line total (PKR)", "Commission (PKR)")
    ]
    return [tuple(row[column] for column in columns) for row in rows[1:]]


def test_a_large_export_runs_as_a_task_reports_progress_and_its_file_matches_the_ledger(
    client, sales, always_a_task, django_capture_on_commit_callbacks
):
    finance = finance_user("finance")
    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):  # the task, run eagerly
        response = client.post(START, {"date_from": timezone.localdate().isoformat()})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/exports/{job.pk}/"

    assert (job.status, job.rows_done, job.rows_total, job.attempt) == ("done", 4, 4, 1)
    page = client.get(response["Location"]).content.decode()
    assert "4 of 4 rows written" in page and 'http-equiv="refresh"' not in page
    download = client.get(f"/admin/exports/{job.pk}/download/")
    assert download.status_code == 200
    assert file_rows(b"".join(download.streaming_content)) == direct_query_rows()
    assert len(direct_query_rows()) == 4

    # The file is offered only to whoever asked for it, even another finance user.
    client.force_login(finance_user("finance-2"))
    assert client.get(f"/admin/exports/{job.pk}/download/").status_code == 404
    assert client.get(f"/admin/exports/{job.pk}/").status_code == 404


def test_progress_is_written_as_rows_are_written(sales, always_a_task, monkeypatch):
    finance = finance_user("finance")
    job = ExportJob.objects.create(export_name=SALES_EXPORT.name, params={}, requested_by=finance)
    seen = []

    def rows_watching_progress(params):
        for row in SALES_EXPORT.rows(params):
            seen.append(ExportJob.objects.values_list("rows_done", "rows_total").get(pk=job.pk))
            yield row

    monkeypatch.setitem(
        registry._registry,
        SALES_EXPORT.name,
        replace(SALES_EXPORT, immediate_rows=0, rows=rows_watching_progress),
    )
    export_run(job_id=job.pk)
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4)]
    export_run(job_id=job.pk)  # a redelivered task: done is done
    job.refresh_from_db()
    assert (job.status, job.attempt, job.rows_done) == ("done", 1, 4)


def test_a_small_export_answers_at_once(client, sales):
    client.force_login(finance_user("finance"))
    response = client.post(START, {})
    assert response["Content-Type"].startswith("text/csv")
    assert file_rows(response.content) == direct_query_rows()
    assert not ExportJob.objects.exists()


def test_an_export_whose_worker_was_killed_can_be_started_again(
    client, sales, always_a_task, django_capture_on_commit_callbacks
):
    finance = finance_user("finance")
    job = ExportJob.objects.create(
        export_name=SALES_EXPORT.name, params={}, requested_by=finance, status="running", attempt=1
    )
    client.force_login(finance)
    assert 'http-equiv="refresh"' in client.get(f"/admin/exports/{job.pk}/").content.decode()
    assert client.post(f"/admin/exports/{job.pk}/restart/").status_code == 302
    assert ExportJob.objects.get().status == "running"  # not stalled yet: left alone

    stalled_at = timezone.now() - timedelta(minutes=10)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=stalled_at)
    page = client.get(f"/admin/exports/{job.pk}/").content.decode()
    assert "Start it again" in page and 'http-equiv="refresh"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/exports/{job.pk}/restart/")
    job.refresh_from_db()
    assert (job.status, job.attempt, job.rows_done) == ("done", 2, 4)


def test_group_staff_cannot_start_the_finance_export(client, sales):
    from tests.factories import make_staff

    client.force_login(make_staff(sales["lahore"], "lahore-export"))
    response = client.post(START, {})  # Wagtail turns the refusal into a redirect home
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not ExportJob.objects.exists()


def test_the_sweep_queues_a_stalled_export_again_and_leaves_a_live_one(sales, always_a_task):
    from marketplace.tasks import requeue_pending

    finance = finance_user("finance")
    stalled, live = (
        ExportJob.objects.create(
            export_name=SALES_EXPORT.name, params={}, requested_by=finance, status="running"
        )
        for _ in range(2)
    )
    ExportJob.objects.filter(pk=stalled.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=10)
    )
    assert requeue_pending()["exports"] == 1  # run at once here (no broker: eager tasks)
    stalled.refresh_from_db()
    live.refresh_from_db()
    assert (stalled.status, stalled.rows_done) == ("done", 4)
    assert live.status == "running"


def test_invalid_dates_go_back_to_the_screen_but_never_to_another_site(client, sales):
    client.force_login(finance_user("finance"))
    dates = {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    back = client.post(START, {**dates, "next": "/admin/finance-dashboard/?date_from=x"})
    away = client.post(START, {**dates, "next": "https://evil.example/"})
    assert back["Location"] == "/admin/finance-dashboard/?date_from=x"
    assert away["Location"] == "/admin/exports/"
    assert not ExportJob.objects.exists()
