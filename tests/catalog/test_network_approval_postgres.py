"""On a real PostgreSQL: moderators approving one application at once provision one group,
one staff group and one login, and tell the applicant once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from catalog.models import CraftCategory, NetworkApplication, ProducerGroupPage
from catalog.network.services import (
    ApplicationDetails,
    network_application_approve,
    network_application_submit,
)
from marketplace.models import NotificationLog
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MODERATORS = 6


def test_approving_at_once_provisions_the_group_once(site_tree):
    assert connection.vendor == "postgresql"
    craft = CraftCategory.objects.create(name="Pottery", slug="pottery")
    application = network_application_submit(
        details=ApplicationDetails(
            name="Multan Blue Pottery Association",
            kind="association",
            province="Punjab",
            district="Multan",
            member_count=40,
            contact_name="Naseem Akhtar",
            contact_phone="+923001234567",
            contact_email="naseem@example.org",
        ),
        crafts=[craft],
        documents=[],
        language="ur",
    )
    moderators = []
    for number in range(MODERATORS):
        user = UserFactory(username=f"moderator-{number}")
        user.groups.add(Group.objects.get(name="Moderators"))
        moderators.append(user)
    start = threading.Barrier(MODERATORS)

    def approve(index: int) -> int | None:
        start.wait()
        try:
            return network_application_approve(
                application_id=application.pk, user=moderators[index]
            ).group_page_id
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=MODERATORS) as pool:
        groups = set(pool.map(approve, range(MODERATORS)))

    assert len(groups) == 1
    assert ProducerGroupPage.objects.filter(title="Multan Blue Pottery Association").count() == 1
    assert Group.objects.filter(name__startswith="Producer group staff: Multan Blue").count() == 1
    assert get_user_model().objects.filter(username__startswith="multan-blue-pottery").count() == 1
    assert NetworkApplication.objects.get().status == "approved"
    assert NotificationLog.objects.filter(event="network_application_approved").count() == 2
