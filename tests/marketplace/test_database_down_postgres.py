"""PostgreSQL refusing connections (the connection pointed at a closed port): pages answer 503
with Retry-After, and the site recovers once the database is reachable again."""

import pytest
from django.db import connection
from django.test import Client

from tests.redis_server import refused_port

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_answer_503_while_postgresql_refuses_connections(site_tree):
    assert connection.vendor == "postgresql"
    client = Client(raise_request_exception=False)
    assert client.get("/producers/").status_code == 200  # (now in the page cache)
    port = connection.settings_dict["PORT"]
    connection.close()
    with refused_port() as refused:
        connection.settings_dict["PORT"] = refused  # nothing listens there
        try:
            for path in ("/", "/shop/"):
                response = client.get(path)
                assert response.status_code == 503, path
                assert int(response["Retry-After"]) > 0
            assert client.get("/producers/").status_code == 200  # a cached page is still served
            urdu = client.get("/ur/shop/")
            assert urdu.status_code == 503 and 'lang="ur" dir="rtl"' in urdu.content.decode()
        finally:
            connection.close()
            connection.settings_dict["PORT"] = port
    assert client.get("/shop/").status_code == 200
    assert client.get("/producers/").status_code == 200
