"""On a real PostgreSQL: many workers signing up at once for a workshop with few seats get
exactly as many seats as there are, and each of them one SMS."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.models import WorkshopSignup
from events.workshops.services import WorkshopFull, workshop_sign_up
from marketplace.models import NotificationLog
from tests.events.workshop_helpers import make_workshop

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORKERS = 16
SEATS = 5


def test_sign_ups_never_exceed_the_seats_when_many_come_at_once(site_tree):
    assert connection.vendor == "postgresql"
    workshop = make_workshop(capacity=SEATS)
    start = threading.Barrier(WORKERS)

    def sign_up(index: int) -> str:
        start.wait()
        try:
            workshop_sign_up(
                workshop_id=workshop.pk, phone=f"+9230012345{index:02d}", language="ur"
            )
            return "seat"
        except WorkshopFull:
            return "full"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(sign_up, range(WORKERS)))

    print(f"{WORKERS} sign-ups at once for {SEATS} seats: {results.count('seat')} seats given")
    assert results.count("seat") == SEATS
    assert results.count("full") == WORKERS - SEATS
    assert WorkshopSignup.objects.filter(workshop=workshop).count() == SEATS
    assert NotificationLog.objects.filter(event="workshop_signup_confirmed").count() == SEATS


def test_one_number_signing_up_many_times_at_once_takes_one_seat(site_tree):
    assert connection.vendor == "postgresql"
    workshop = make_workshop(capacity=SEATS)
    start = threading.Barrier(8)

    def sign_up(_index: int) -> bool:
        start.wait()
        try:
            return workshop_sign_up(workshop_id=workshop.pk, phone="+923001234567", language="ur")[
                1
            ]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(sign_up, range(8)))

    assert created.count(True) == 1
    assert WorkshopSignup.objects.filter(workshop=workshop).count() == 1
