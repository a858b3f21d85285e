"""marketplace.sessions: the cart's session write outside a transaction is one UPDATE, and it
keeps Django's guarantees (a new session is inserted, a session deleted meanwhile is not
written back, the cache follows the database)."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.sessions import SessionStore

# Autocommit (a session is saved after the view, outside a transaction), on PostgreSQL in its
# own database: a transactional test flushes the tables, which the shared SQLite run cannot.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_saving_an_existing_session_outside_a_transaction_is_one_update():
    session = SessionStore()
    session["cart"] = {"1": 1}
    session.save()  # new: inserted as Django does
    key = session.session_key

    session["cart"] = {"1": 2}
    with CaptureQueriesContext(connection) as queries:
        session.save()

    assert [q["sql"].split()[0] for q in queries] == ["UPDATE"]
    stored = Session.objects.get(session_key=key)
    assert SessionStore().decode(stored.session_data)["cart"] == {"1": 2}
    assert SessionStore(key)["cart"] == {"1": 2}  # read back through the cache


def test_a_session_deleted_meanwhile_is_not_written_back():
    session = SessionStore()
    session["cart"] = {"1": 1}
    session.save()
    Session.objects.filter(session_key=session.session_key).delete()

    session["cart"] = {"1": 2}
    with pytest.raises(UpdateError):
        session.save()
    assert not Session.objects.exists()


def test_inside_a_transaction_the_save_keeps_djangos_savepoint():
    from django.db import transaction

    session = SessionStore()
    session.save()
    session["cart"] = {"2": 1}
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        session.save()
    assert any("SAVEPOINT" in q["sql"] for q in queries)
    assert SessionStore(session.session_key)["cart"] == {"2": 1}
