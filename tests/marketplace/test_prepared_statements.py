"""On PostgreSQL, statements a connection repeats are prepared (server-side parameters), and
DB_PREPARED_STATEMENTS=0 turns that off for poolers that cannot keep prepared statements."""

import json

import pytest
from django.db import connection

from catalog.models import ProductVariant
from tests.marketplace.test_settings import manage


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_statement_run_again_and_again_is_prepared_by_postgresql():
    for variant_id in range(1, 7):
        ProductVariant.objects.filter(pk=variant_id).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "catalog_productvariant"' in statement for statement in statements)


def database_options(**env) -> dict:
    command = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    result = manage(
        "shell", "-c", command, env={"DATABASE_URL": "postgres://u@127.0.0.1:5432/x", **env}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_prepared_statements_are_on_for_postgresql_unless_switched_off():
    assert database_options() == {"server_side_binding": True, "prepare_threshold": 5}
    assert database_options(DB_PREPARED_STATEMENTS="0") == {}
