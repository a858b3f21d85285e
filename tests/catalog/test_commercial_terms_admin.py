"""The Commercial terms admin: platform staff list, filter, search and edit every group's
terms; a changed account is only proposed; finance confirm it on their own screen (never the
proposer); a group's staff see only their own group's terms, read-only and masked."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from catalog.models import PayoutAccountChange, ProducerGroupTerms
from catalog.models.terms import PayoutAccountChangeStatus
from catalog.terms.services import payout_account_propose
from tests.factories import UserFactory, make_payable_group, make_staff

pytestmark = pytest.mark.django_db


def user_with(username: str, *codenames: str):
    user = UserFactory(username=username, email=f"{username}@example.org")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def finance_user(username: str):
    user = UserFactory(username=username, email=f"{username}@example.org")
    user.groups.add(Group.objects.get(name="Finance"))
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def groups(site_tree):
    return {
        "hala": make_payable_group("Hala Ralli Makers"),
        "sukkur": make_payable_group(
            "Sukkur Weavers",
            verification_status="suspended",
            payout_account_number="PK36SCBL0000009988776655",
        ),
    }


def edit_data(terms: ProducerGroupTerms, **changes) -> dict:
    data = {
        "verification_status": terms.verification_status,
        "commission_rate": str(terms.commission_rate),
        "payout_method": terms.payout_method,
        "payout_account_title": terms.payout_account_title,
        "payout_account_number": terms.payout_account_number,
        "payout_bank_name": terms.payout_bank_name,
        "stripe_account_id": terms.stripe_account_id,
        "note": "",
    }
    data.update(changes)
    return data


def test_platform_staff_list_filter_and_search_every_groups_terms(groups):
    client = logged_in(user_with("moderator", "manage_commercial_terms"))
    url = reverse("commercial_terms:index")

    every = client.get(url).content.decode()
    suspended = client.get(url, {"verification_status": "suspended"}).content.decode()
    searched = client.get(url, {"q": "hala"}).content.decode()

    assert "Hala Ralli Makers" in every and "Sukkur Weavers" in every
    assert "Sukkur Weavers" in suspended and "Hala Ralli Makers" not in suspended
    assert "Hala Ralli Makers" in searched and "Sukkur Weavers" not in searched
    assert "1123456702" not in every  # the listing masks account numbers
    assert "6702" in every


def test_saving_the_form_changes_commission_at_once_and_only_proposes_the_account(groups):
    moderator = user_with("moderator", "manage_commercial_terms")
    terms = groups["hala"].terms
    url = reverse("commercial_terms:edit", args=[terms.pk])

    response = logged_in(moderator).post(
        url,
        edit_data(
            terms,
            commission_rate="8.00",
            payout_account_number="PK36MEZN0000002233445566",
            payout_bank_name="Meezan Bank",
            note="New bank letter",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    terms.refresh_from_db()
    assert terms.commission_rate == Decimal("8.00")
    assert terms.payout_account_number == "PK36SCBL0000001123456702"  # not yet confirmed
    change = PayoutAccountChange.objects.get()
    assert (change.payout_account_number, change.proposed_by) == (
        "PK36MEZN0000002233445566",
        moderator,
    )
    assert "waits for a second finance user" in " ".join(messages_of(response))


def test_an_invalid_account_shows_the_reason_and_saves_nothing(groups):
    terms = groups["hala"].terms
    client = logged_in(user_with("moderator", "manage_commercial_terms"))

    response = client.post(
        reverse("commercial_terms:edit", args=[terms.pk]),
        edit_data(terms, commission_rate="8.00", payout_method="bank", payout_bank_name=""),
    )

    assert response.status_code == 200
    assert "Enter the bank name." in response.content.decode()
    terms.refresh_from_db()
    assert terms.commission_rate == Decimal("10.00")
    assert not PayoutAccountChange.objects.exists()


def test_finance_confirm_on_their_screen_but_never_their_own_proposal(groups):
    first, second = finance_user("finance-one"), finance_user("finance-two")
    terms = groups["hala"].terms
    first_client = logged_in(first)
    payout_account_propose(
        group_id=terms.pk,
        by=first,
        **{**terms.account_values(), "payout_account_number": "PK36MEZN0000002233445566"},
    )
    change = PayoutAccountChange.objects.get()

    listing = first_client.get(reverse("terms_account_changes")).content.decode()
    assert "Hala Ralli Makers" in listing and "PK36MEZN0000002233445566" in listing
    assert "You proposed it" in listing
    refused = first_client.post(reverse("terms_account_change_confirm", args=[change.pk]))
    assert "different finance user" in " ".join(messages_of(refused))
    change.refresh_from_db()
    assert change.status == PayoutAccountChangeStatus.PENDING

    confirmed = logged_in(second).post(reverse("terms_account_change_confirm", args=[change.pk]))

    assert "confirmed" in " ".join(messages_of(confirmed))
    terms.refresh_from_db()
    assert terms.payout_account_number == "PK36MEZN0000002233445566"


def test_finance_reject_with_a_reason(groups):
    moderator = user_with("moderator", "manage_commercial_terms")
    terms = groups["hala"].terms
    change = payout_account_propose(
        group_id=terms.pk,
        by=moderator,
        **{**terms.account_values(), "payout_account_number": "PK00ATTACKER"},
    )
    client = logged_in(finance_user("finance-one"))

    client.post(reverse("terms_account_change_reject", args=[change.pk]), {"reason": ""})
    change.refresh_from_db()
    assert change.status == PayoutAccountChangeStatus.PENDING
    client.post(
        reverse("terms_account_change_reject", args=[change.pk]), {"reason": "Not asked for"}
    )
    change.refresh_from_db()
    assert (change.status, change.reason) == (PayoutAccountChangeStatus.REJECTED, "Not asked for")


def test_group_staff_see_only_their_own_terms_masked_and_cannot_edit(groups):
    hala, sukkur = groups["hala"], groups["sukkur"]
    client = logged_in(make_staff(hala))

    listing = client.get(reverse("commercial_terms:index")).content.decode()
    own = client.get(reverse("commercial_terms:inspect", args=[hala.pk]))

    assert "Hala Ralli Makers" in listing and "Sukkur Weavers" not in listing
    assert own.status_code == 200
    assert "6702" in own.content.decode() and "1123456702" not in own.content.decode()
    assert client.get(reverse("commercial_terms:inspect", args=[sukkur.pk])).status_code == 404
    edit = reverse("commercial_terms:edit", args=[hala.pk])
    assert client.get(edit).status_code in (302, 403)
    response = client.post(edit, edit_data(hala.terms, commission_rate="0.50"))
    assert response.status_code in (302, 403)
    assert ProducerGroupTerms.objects.get(pk=hala.pk).commission_rate == Decimal("10.00")
    assert client.get(reverse("terms_account_changes")).status_code in (302, 403)


def test_staff_without_a_terms_permission_see_nothing(groups):
    client = logged_in(user_with("orders-staff", "manage_all_orders"))

    assert client.get(reverse("commercial_terms:index")).status_code in (302, 403)
    assert client.get(reverse("terms_account_changes")).status_code in (302, 403)
    change_id = 1
    assert client.post(reverse("terms_account_change_confirm", args=[change_id])).status_code in (
        302,
        403,
    )


def test_the_group_page_header_links_platform_staff_to_the_terms(groups):
    client = logged_in(UserFactory(username="root", is_superuser=True, is_staff=True))

    html = client.get(reverse("wagtailadmin_pages:edit", args=[groups["hala"].pk])).content

    assert reverse("commercial_terms:edit", args=[groups["hala"].pk]).encode() in html


def test_the_edit_form_and_the_history_page_render_for_platform_staff(groups):
    moderator = user_with("moderator", "manage_commercial_terms")
    terms = groups["hala"].terms
    client = logged_in(moderator)
    client.post(
        reverse("commercial_terms:edit", args=[terms.pk]),
        edit_data(terms, commission_rate="9.00", payout_account_number="PK00NEWACCOUNT1234"),
    )

    form = client.get(reverse("commercial_terms:edit", args=[terms.pk])).content.decode()
    history = client.get(reverse("commercial_terms:inspect", args=[terms.pk])).content.decode()

    assert 'name="commission_rate"' in form and 'name="payout_account_number"' in form
    assert "Awaiting confirmation" in history
    assert "10.00" in history and "9.00" in history  # commission: old → new
    assert "•••• 1234" in history and "PK00NEWACCOUNT1234" not in history
