"""The world the access matrix (test_access_matrix.py) is checked in: one of every role, and
each personal field holding a value found nowhere else (the constants are those values)."""

from datetime import timedelta
from decimal import Decimal

from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog.models import (
    NetworkApplication,
    PayoutAccountChange,
    ProducerGroupTerms,
)
from catalog.services import producer_group_staff_add
from events.models import WorkshopSignup
from marketplace.models import NotificationLog
from orders.models import Payout, PayoutStatus
from orders.privacy.registry import Role
from tests.events.workshop_helpers import make_workshop
from tests.factories import (
    UserFactory,
    make_application,
    make_group,
    make_mela,
    make_organiser,
)
from tests.privacy.world import (
    moderator_user,
    world_build,
)

TERMS = {
    "payout_account_title": "Rubina Walletwali",
    "payout_account_number": "03004445566",
    "payout_bank_name": "Mezan Bankistan",
    "stripe_account_id": "acct_terms9Q2W",
}
PROPOSED = {
    "payout_account_title": "Rubina Proposedwali",
    "payout_account_number": "03007778899",
    "payout_bank_name": "Habib Proposed Bank",
    "stripe_account_id": "acct_proposedX7",
}
PAYOUT = {
    "account_title": "Rubina Payoutwali",
    "account_number": "03001112299",
    "bank_name": "Payout Bankistan",
    "stripe_account_id": "acct_payout5T",
}
PRESENTERS = "Ustad Presenterkhan"
LOG_RECIPIENT = "+923215550999"  # a second phone the buyer gives when asking for their data
LOG_BODY = "Logbody marker Q7: your parcel is on its way"
AVATAR_NAME = "avatar-parveenz"
AXES = {"username": "login-tryer-77", "ip_address": "203.0.113.77", "user_agent": "Browserzilla/9"}
SIGNUP = {"phone": "+923215553141", "name": "Workshopper Naziran"}
APPLICANT = {
    "contact_name": "Applicant Zubaidakhan",
    "contact_phone": "+923215552718",
    "contact_email": "applicant-probe@example.org",
}
DOCUMENT_NAME = "probe-member-list.pdf"


def matrix_world(catalog):
    world = world_build(catalog)
    lahore = catalog["lahore"]
    ProducerGroupTerms.objects.filter(group=lahore).update(payout_method="jazzcash", **TERMS)
    terms = ProducerGroupTerms.objects.get(group=lahore)
    PayoutAccountChange.objects.create(terms=terms, payout_method="jazzcash", **PROPOSED)
    Payout.objects.create(
        producer_group=lahore,
        amount=Decimal("1500.00"),
        method="jazzcash",
        status=PayoutStatus.PROCESSING,
        processing_at=timezone.now(),
        **PAYOUT,
    )
    start = timezone.localdate() + timedelta(days=7)
    mela = make_mela(
        start=start,
        schedule=[
            {
                "day": start,
                "start_time": "10:00",
                "end_time": "11:00",
                "title": "Block printing demonstration",
                "kind": "demonstration",
                "presenters": PRESENTERS,
            }
        ],
    )
    application = make_application(mela, lahore)
    workshop = make_workshop(mela, title="Probe pricing workshop", day=start)
    WorkshopSignup.objects.create(workshop=workshop, **SIGNUP)  # no SMS: its log is not probed
    network_application = NetworkApplication.objects.create(
        name="Probe Weavers Cooperative",
        kind="cooperative",
        province="Sindh",
        district="Thatta",
        member_count=30,
        **APPLICANT,
    )
    network_application.documents.create(
        file=SimpleUploadedFile(DOCUMENT_NAME, b"%PDF-1.4 probe"),
        original_name=DOCUMENT_NAME,
        content_type="application/pdf",
        size=14,
    )
    # A group with no part in the buyer's order (both groups of two_groups_catalog have one).
    multan = make_group("Multan Blue Pottery Circle")
    NotificationLog.objects.create(
        dedupe_key="probe:log",
        event="order_shipped",
        channel="sms",
        recipient=LOG_RECIPIENT,
        language="en",
        body=LOG_BODY,
        order_id=world.order.pk,
    )
    AccessAttempt.objects.create(
        failures_since_start=3, http_accept="*/*", path_info="/account/login/", **AXES
    )
    users = {
        Role.BUYER: world.buyer,
        Role.OWN_GROUP_STAFF: _staff(lahore, "lahore-desk"),
        Role.OTHER_GROUP_STAFF: _staff(multan, "multan-desk"),
        Role.ORGANISER: make_organiser(mela, "mela-organiser"),
        Role.FINANCE: world.users["finance"],
        Role.MODERATOR: moderator_user(),
        Role.PLATFORM_ADMIN: UserFactory(username="root", is_superuser=True, is_staff=True),
        Role.PUBLIC: None,
    }
    world.mela, world.application, world.users = mela, application, users
    world.workshop, world.network_application = workshop, network_application
    return world


def _staff(group, username):
    user = UserFactory(username=username)
    producer_group_staff_add(group_page=group, user=user)
    return user
