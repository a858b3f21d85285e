"""Exhibitor applications: groups apply from the admin, organisers approve with a stall,
waitlist or reject with a reason; the state machine; one stall, one group."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from events.models import ApplicationDecision, ApplicationStatus, ExhibitorApplication
from events.models.pages import mela_today
from events.selectors import applications_for_user, groups_collecting_at_upcoming_melas
from events.services import (
    ApplicationError,
    StallTaken,
    application_decide,
    application_submit,
)
from tests.factories import (
    make_application,
    make_group,
    make_mela,
    make_organiser,
    make_product,
    make_staff,
    make_stall,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree):
    mela = make_mela("Lahore Mela", start=mela_today() + timedelta(days=14))
    other_mela = make_mela("Karachi Mela", start=mela_today() + timedelta(days=14))
    group_a = make_group("Sialkot Stitchers", district="Sialkot")
    group_b = make_group("Bahawalpur Chunri", district="Bahawalpur")
    return {
        "mela": mela,
        "other_mela": other_mela,
        "organiser": make_organiser(mela, "organiser"),
        "other_organiser": make_organiser(other_mela, "other-organiser"),
        "group_a": group_a,
        "group_b": group_b,
        "staff_a": make_staff(group_a),
        "staff_b": make_staff(group_b),
        "product_a": make_product(group_a, "Sialkot football cushion"),
        "product_b": make_product(group_b, "Chunri dupatta"),
        "stall": make_stall(mela, "A-1"),
        "stall_2": make_stall(mela, "A-2"),
    }


def test_group_staff_apply_from_the_admin(client, world):
    client.force_login(world["staff_a"])
    listing = client.get("/admin/melas/applications/").content.decode()
    assert "Lahore Mela" in listing and "Apply for a stall" in listing
    form = client.get(f"/admin/melas/applications/new/?mela={world['mela'].pk}").content.decode()
    assert "Sialkot football cushion" in form
    assert "Chunri dupatta" not in form  # never another group's products
    response = client.post(
        "/admin/melas/applications/new/",
        {
            "mela": world["mela"].pk,
            "group": world["group_a"].pk,
            "products": [world["product_a"].pk],
            "stall_size_wanted": "large",
            "needs": "Two tables and electricity",
        },
    )
    assert response.status_code == 302
    application = ExhibitorApplication.objects.get()
    assert application.group == world["group_a"]
    assert application.status == ApplicationStatus.SUBMITTED
    assert list(application.products.all()) == [world["product_a"]]


def test_staff_cannot_apply_for_another_group_or_with_its_products(client, world):
    client.force_login(world["staff_a"])
    response = client.post(
        "/admin/melas/applications/new/",
        {
            "mela": world["mela"].pk,
            "group": world["group_b"].pk,
            "products": [world["product_b"].pk],
            "stall_size_wanted": "small",
        },
    )
    assert response.status_code == 200
    assert not ExhibitorApplication.objects.exists()
    with pytest.raises(PermissionDenied):
        application_submit(
            user=world["staff_a"],
            mela=world["mela"],
            group=world["group_b"],
            products=[],
            stall_size_wanted="small",
        )
    with pytest.raises(ApplicationError):
        application_submit(
            user=world["staff_a"],
            mela=world["mela"],
            group=world["group_a"],
            products=[world["product_b"]],
            stall_size_wanted="small",
        )


def test_applications_only_while_the_window_is_open(world):
    closed = make_mela(
        "Closed Mela",
        start=mela_today() + timedelta(days=3),
        applications_open_on=mela_today() - timedelta(days=20),
        applications_close_on=mela_today() - timedelta(days=1),
    )
    with pytest.raises(ApplicationError, match="not open"):
        application_submit(
            user=world["staff_a"],
            mela=closed,
            group=world["group_a"],
            products=[],
            stall_size_wanted="small",
        )


def test_one_application_per_group_and_mela(world):
    kwargs = {"mela": world["mela"], "group": world["group_a"], "stall_size_wanted": "small"}
    application_submit(user=world["staff_a"], products=[], **kwargs)
    with pytest.raises(ApplicationError, match="already applied"):
        application_submit(user=world["staff_a"], products=[], **kwargs)


def test_organiser_approves_with_a_stall_and_the_group_is_notified(
    client, world, django_capture_on_commit_callbacks, caplog
):
    application = make_application(world["mela"], world["group_a"])
    client.force_login(world["organiser"])
    page = client.get(f"/admin/melas/applications/{application.pk}/").content.decode()
    assert "A-1" in page and "A-2" in page
    with (
        caplog.at_level(logging.INFO, logger="events.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            f"/admin/melas/applications/{application.pk}/",
            {"decision": "approved", "stall": world["stall"].pk, "reason": "Welcome!"},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.stall == world["stall"]
    assert application.decided_by == world["organiser"]
    decision = ApplicationDecision.objects.get(application=application, to_status="approved")
    assert decision.notified_at is not None  # the notification hook ran after commit
    assert "status=approved stall=A-1" in caplog.text
    # The group now collects orders at its stall (the checkout's hook).
    points = groups_collecting_at_upcoming_melas()[world["group_a"].pk]
    assert [point.stall_number for point in points] == ["A-1"]


def test_a_stall_is_never_given_to_two_groups(world):
    first = make_application(world["mela"], world["group_a"])
    second = make_application(world["mela"], world["group_b"])
    application_decide(
        application_id=first.pk,
        user=world["organiser"],
        decision="approved",
        stall_id=world["stall"].pk,
    )
    with pytest.raises(StallTaken):
        application_decide(
            application_id=second.pk,
            user=world["organiser"],
            decision="approved",
            stall_id=world["stall"].pk,
        )
    second.refresh_from_db()
    assert second.status == ApplicationStatus.SUBMITTED and second.stall is None


def test_state_machine(world):
    organiser = world["organiser"]
    application = make_application(world["mela"], world["group_a"])

    def decide(decision, **kwargs):
        return application_decide(
            application_id=application.pk, user=organiser, decision=decision, **kwargs
        )

    with pytest.raises(ApplicationError, match="reason"):
        decide("rejected")
    with pytest.raises(ApplicationError, match="Choose a stall"):
        decide("approved")
    other_stall = make_stall(world["other_mela"], "Z-1")
    with pytest.raises(ApplicationError, match="this mela's stalls"):
        decide("approved", stall_id=other_stall.pk)

    assert decide("waitlisted").status == ApplicationStatus.WAITLISTED
    assert decide("approved", stall_id=world["stall"].pk).status == ApplicationStatus.APPROVED
    with pytest.raises(ApplicationError, match="cannot be"):
        decide("rejected", reason="Changed our mind")
    with pytest.raises(ApplicationError, match="cannot be"):
        decide("waitlisted")
    # The group withdraws: the stall is free again.
    withdrawn = application_decide(
        application_id=application.pk, user=world["staff_a"], decision="withdrawn"
    )
    assert withdrawn.status == ApplicationStatus.WITHDRAWN and withdrawn.stall is None
    with pytest.raises(ApplicationError, match="cannot be"):
        decide("approved", stall_id=world["stall"].pk)

    rejected = make_application(world["mela"], world["group_b"])
    application_decide(
        application_id=rejected.pk, user=organiser, decision="rejected", reason="Full this year"
    )
    rejected.refresh_from_db()
    assert rejected.decision_reason == "Full this year"
    with pytest.raises(ApplicationError, match="cannot be"):
        application_decide(
            application_id=rejected.pk,
            user=organiser,
            decision="approved",
            stall_id=world["stall"].pk,
        )
    history = list(
        ApplicationDecision.objects.filter(application=application).values_list(
            "from_status", "to_status"
        )
    )
    assert history == [
        ("submitted", "waitlisted"),
        ("waitlisted", "approved"),
        ("approved", "withdrawn"),
    ]


def test_only_the_mela_organisers_decide(world):
    application = make_application(world["mela"], world["group_a"])
    for user in (world["staff_a"], world["other_organiser"]):
        with pytest.raises(PermissionDenied):
            application_decide(
                application_id=application.pk,
                user=user,
                decision="approved",
                stall_id=world["stall"].pk,
            )
    with pytest.raises(PermissionDenied):
        application_decide(
            application_id=application.pk, user=world["staff_b"], decision="withdrawn"
        )


def test_rejection_needs_a_reason_in_the_admin_form(client, world):
    application = make_application(world["mela"], world["group_a"])
    client.force_login(world["organiser"])
    response = client.post(
        f"/admin/melas/applications/{application.pk}/", {"decision": "rejected", "reason": " "}
    )
    assert response.status_code == 200
    assert "Give the group a reason for the rejection." in response.content.decode()


def test_each_side_sees_only_its_own_applications(client, world):
    mine = make_application(world["mela"], world["group_a"])
    theirs = make_application(world["mela"], world["group_b"])
    elsewhere = make_application(world["other_mela"], world["group_b"])
    assert set(applications_for_user(world["staff_a"])) == {mine}
    assert set(applications_for_user(world["organiser"])) == {mine, theirs}
    assert set(applications_for_user(world["other_organiser"])) == {elsewhere}

    client.force_login(world["staff_a"])
    assert client.get(f"/admin/melas/applications/{mine.pk}/").status_code == 200
    assert client.get(f"/admin/melas/applications/{theirs.pk}/").status_code == 404
    listing = client.get("/admin/melas/applications/").content.decode()
    assert "Bahawalpur Chunri" not in listing
    # Group staff see their application but get no decision form.
    response = client.post(
        f"/admin/melas/applications/{mine.pk}/",
        {"decision": "approved", "stall": world["stall"].pk},
    )
    assert response.status_code in (302, 403)  # Wagtail: permission denied, back to dashboard
    mine.refresh_from_db()
    assert mine.status == ApplicationStatus.SUBMITTED


def test_publishing_an_old_mela_revision_keeps_allocations(world):
    mela = world["mela"]
    old_revision = mela.latest_revision
    application = make_application(mela, world["group_a"])
    application_decide(
        application_id=application.pk,
        user=world["organiser"],
        decision="approved",
        stall_id=world["stall"].pk,
    )
    mela.title = "Lahore Mela (renamed)"
    mela.save_revision().publish()

    old_revision.publish()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.stall == world["stall"]
    assert world["stall"].__class__.objects.filter(mela=mela).count() == 2
