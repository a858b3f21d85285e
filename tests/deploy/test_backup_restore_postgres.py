"""A backup made with deploy/backup.sh restores with deploy/restore.sh into a new database, and
the site pointed at that database shows the orders placed before the backup."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from orders.models import Order
from tests.celery_worker import shared_database_url
from tests.deploy.processes import DEPLOY, ROOT, with_virtualenv_on_path
from tests.factories import make_group, make_product
from tests.orders.conftest import add_to_cart, checkout_data

BASH = shutil.which("bash") or "/bin/bash"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Run by a Django process pointed at the restored database: the order page as a buyer opens it.
READ_ORDER_PAGE = """
import json, sys, django
django.setup()
from django.test import Client
from orders.models import Order
numbers = sorted(Order.objects.values_list("number", flat=True))
response = Client().get(sys.argv[1])
print(json.dumps({"numbers": numbers, "status": response.status_code,
                  "page": response.content.decode()}))
"""


def database_url(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def script(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BASH, *arguments],
        cwd=ROOT,
        env=with_virtualenv_on_path({**os.environ, **env}),
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def new_database():
    """An empty database of its own on the same server, dropped afterwards."""
    url = database_url(shared_database_url(), f"crafts_mela_restored_{uuid.uuid4().hex[:10]}")
    maintenance = database_url(url, "postgres")
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_serves_the_orders_placed_before_it(
    client, site_tree, new_database, tmp_path
):
    group = make_group("Hala Ajrak Cooperative")
    shawl = make_product(group, "Ajrak shawl", price="3500.00", stock=10).variants.get()
    add_to_cart(client, shawl, 2)
    assert client.post("/checkout/", checkout_data(client)).status_code == 302
    order = Order.objects.get()

    dump = tmp_path / "crafts-mela.dump"
    backup = script(
        str(DEPLOY / "backup.sh"), str(dump), env={"DATABASE_URL": shared_database_url()}
    )
    assert backup.returncode == 0, backup.stderr
    assert dump.stat().st_size > 0 and not dump.with_name(dump.name + ".partial").exists()

    restore = script(str(DEPLOY / "restore.sh"), str(dump), new_database, env={})
    assert restore.returncode == 0, restore.stderr

    site = subprocess.run(
        [sys.executable, "-c", READ_ORDER_PAGE, order.get_absolute_url()],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DEBUG")},
            "DATABASE_URL": new_database,
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert site.returncode == 0, site.stderr
    restored = json.loads(site.stdout.strip().splitlines()[-1])
    assert restored["numbers"] == [order.number]
    assert restored["status"] == 200
    assert order.number in restored["page"] and "Ajrak shawl" in restored["page"]


def test_restore_refuses_a_database_that_is_not_empty(site_tree, new_database, tmp_path):
    dump = tmp_path / "crafts-mela.dump"
    env = {"DATABASE_URL": shared_database_url()}
    assert script(str(DEPLOY / "backup.sh"), str(dump), env=env).returncode == 0
    assert script(str(DEPLOY / "restore.sh"), str(dump), new_database, env={}).returncode == 0

    again = script(str(DEPLOY / "restore.sh"), str(dump), new_database, env={})

    assert again.returncode == 1
    assert "restore into a new one" in again.stderr
