"""Database down: 503 with Retry-After in the page's language, rendered without the database.
(A placement failing half-way: tests/orders/test_placement_database_error.py.)"""

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


def refuse(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


@pytest.mark.parametrize("path", ["/", "/shop/", "/producers/"])
def test_pages_answer_503_with_retry_after_while_the_database_is_down(site_tree, path, settings):
    settings.DATABASE_DOWN_RETRY_AFTER_SECONDS = 30
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(refuse):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert 'data-testid="service-unavailable"' in html and 'lang="en" dir="ltr"' in html


def test_the_503_page_is_in_the_language_of_the_page_asked_for(site_tree):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(refuse):
        response = client.get("/ur/shop/")
    assert response.status_code == 503
    assert response["Content-Language"] == "ur"
    html = response.content.decode()
    assert 'lang="ur" dir="rtl"' in html and 'href="/ur/"' in html


def test_the_503_page_asks_nothing_of_the_database(rf, django_assert_num_queries):
    from marketplace.db_unavailable import database_unavailable_response

    with django_assert_num_queries(0):
        response = database_unavailable_response(rf.get("/ur/"))
    assert response.status_code == 503


def test_a_database_error_outside_a_view_is_a_503_too(rf):
    from marketplace.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/shop/"))
    assert response.status_code == 503 and response["Retry-After"]
