"""On a real PostgreSQL: organisers approving one stall for many groups at once give it to
exactly one group; one stall-sale form submitted many times at once records one sale."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from catalog.models import ProductVariant
from events.models import ApplicationStatus, ExhibitorApplication, StallSale
from events.models.pages import mela_today
from events.services import StallTaken, application_decide, stall_sale_record
from tests.factories import (
    make_application,
    make_group,
    make_mela,
    make_organiser,
    make_product,
    make_staff,
    make_stall,
)

# serialized_rollback: the root page and default site that migrations create come back for
# the next transactional test.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GROUPS = 12
SUBMISSIONS = 12


def test_one_stall_is_given_to_one_group_when_organisers_approve_at_once(site_tree):
    assert connection.vendor == "postgresql"
    mela = make_mela()
    organisers = [make_organiser(mela, f"organiser-{n}") for n in range(3)]
    stall = make_stall(mela, "A-1")
    applications = [
        make_application(mela, make_group(f"Group {n}", district=f"District {n}"))
        for n in range(GROUPS)
    ]
    start = threading.Barrier(GROUPS)

    def approve(index: int) -> str:
        start.wait()
        try:
            application_decide(
                application_id=applications[index].pk,
                user=organisers[index % len(organisers)],
                decision="approved",
                stall_id=stall.pk,
            )
            return "approved"
        except StallTaken:
            return "taken"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=GROUPS) as pool:
        results = list(pool.map(approve, range(GROUPS)))

    print(
        f"{GROUPS} concurrent approvals of one stall: {results.count('approved')} approved, "
        f"{results.count('taken')} refused as taken"
    )
    assert results.count("approved") == 1
    assert results.count("taken") == GROUPS - 1
    holders = ExhibitorApplication.objects.filter(stall=stall, status=ApplicationStatus.APPROVED)
    assert holders.count() == 1


def test_a_sale_submitted_many_times_at_once_is_recorded_once(site_tree):
    assert connection.vendor == "postgresql"
    mela = make_mela(start=mela_today())  # stall sales: the mela's days only
    group = make_group()
    staff = make_staff(group)
    variant = make_product(group, "Khussa pair", stock=20).variants.get()
    make_application(mela, group, status="approved", stall=make_stall(mela, "B-1"))
    token = uuid.uuid4()
    start = threading.Barrier(SUBMISSIONS)

    def submit(_index: int) -> bool:
        start.wait()
        try:
            _sale, created = stall_sale_record(
                user=staff,
                mela=mela,
                group=group,
                variant_id=variant.pk,
                quantity=3,
                unit_price=None,
                token=token,
            )
            return created
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        created = list(pool.map(submit, range(SUBMISSIONS)))

    print(
        f"{SUBMISSIONS} concurrent submissions of one sale: {sum(created)} recorded, "
        f"stock {ProductVariant.objects.get(pk=variant.pk).stock} of 20"
    )
    assert sum(created) == 1
    assert StallSale.objects.count() == 1
    assert ProductVariant.objects.get(pk=variant.pk).stock == 17
