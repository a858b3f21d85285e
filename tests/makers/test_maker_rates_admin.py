"""A group's staff see and edit only their own group's makers and rates: through the admin
screens (listing, edit, delete, add with another group's ids, makers' pay) and the querysets."""

import uuid
from decimal import Decimal

import pytest

from catalog.makers.selectors import artisans_for_user, maker_rates_for_user
from catalog.models import MakerRate
from orders.finance.maker_payments import (
    MakerPaymentError,
    MakerPaymentLine,
    maker_payments_record,
)
from orders.models import MakerPayment
from tests.factories import make_artisan, make_group, make_product, make_staff

pytestmark = pytest.mark.django_db

B_MAKER = "Nusrat Privatename"


@pytest.fixture
def two_groups(site_tree):
    a = make_group("Lahore Embroiderers Union")
    b = make_group("Bahawalpur Chunri Makers", province="Punjab", district="Bahawalpur")
    a_product, b_product = make_product(a, "Phulkari shawl"), make_product(b, "Chunri dupatta")
    a_maker = make_artisan(a, full_name="Rukhsana Bibi")
    b_maker = make_artisan(b, full_name=B_MAKER)
    a_rate = MakerRate.objects.create(
        product=a_product, artisan=a_maker, piece_rate="800.00", hours_per_piece="12"
    )
    b_rate = MakerRate.objects.create(
        product=b_product, artisan=b_maker, piece_rate="654.32", hours_per_piece="9"
    )
    return {
        "a": a,
        "b": b,
        "staff": make_staff(a),
        "a_product": a_product,
        "b_product": b_product,
        "a_maker": a_maker,
        "b_maker": b_maker,
        "a_rate": a_rate,
        "b_rate": b_rate,
    }


def test_querysets_hold_only_the_users_own_group(two_groups):
    staff = two_groups["staff"]

    assert list(maker_rates_for_user(staff)) == [two_groups["a_rate"]]
    assert list(artisans_for_user(staff)) == [two_groups["a_maker"]]


def test_the_rates_listing_shows_only_the_own_groups_rates(client, two_groups):
    client.force_login(two_groups["staff"])

    response = client.get("/admin/maker_rate/")

    assert response.status_code == 200
    assert "Rukhsana Bibi" in response.content.decode()
    assert B_MAKER not in response.content.decode() and "654.32" not in response.content.decode()


def test_another_groups_rate_cannot_be_opened_changed_or_deleted(client, two_groups):
    client.force_login(two_groups["staff"])
    b_rate = two_groups["b_rate"]

    assert client.get(f"/admin/maker_rate/edit/{b_rate.pk}/").status_code == 404
    posted = client.post(
        f"/admin/maker_rate/edit/{b_rate.pk}/",
        {
            "product": two_groups["b_product"].pk,
            "artisan": two_groups["b_maker"].pk,
            "piece_rate": "1.00",
            "hours_per_piece": "1",
        },
    )
    assert posted.status_code == 404
    assert client.post(f"/admin/maker_rate/delete/{b_rate.pk}/").status_code == 404
    b_rate.refresh_from_db()
    assert b_rate.piece_rate == Decimal("654.32")


def test_a_rate_cannot_be_added_for_another_groups_product_or_maker(client, two_groups):
    client.force_login(two_groups["staff"])
    attempts = [
        (two_groups["b_product"], two_groups["b_maker"]),
        (two_groups["a_product"], two_groups["b_maker"]),
        (two_groups["b_product"], two_groups["a_maker"]),
    ]
    for product, maker in attempts:
        response = client.post(
            "/admin/maker_rate/new/",
            {"product": product.pk, "artisan": maker.pk, "piece_rate": "1", "hours_per_piece": "1"},
        )
        assert response.status_code == 200  # the form again, with its errors
    assert MakerRate.objects.count() == 2


def test_staff_add_and_edit_their_own_rate_through_the_admin(client, two_groups):
    client.force_login(two_groups["staff"])
    other = make_artisan(two_groups["a"], full_name="Shamim Akhtar")

    response = client.post(
        "/admin/maker_rate/new/",
        {
            "product": two_groups["a_product"].pk,
            "artisan": other.pk,
            "piece_rate": "950.00",
            "hours_per_piece": "10",
        },
    )

    assert response.status_code == 302
    assert MakerRate.objects.get(artisan=other).updated_by == two_groups["staff"]


def test_a_page_revert_never_changes_pay(two_groups):
    product = two_groups["a_product"]
    old = product.get_latest_revision()
    MakerRate.objects.filter(pk=two_groups["a_rate"].pk).update(piece_rate="999.00")

    old.publish()

    assert MakerRate.objects.get(pk=two_groups["a_rate"].pk).piece_rate == Decimal("999.00")


def test_makers_pay_of_another_group_is_not_found_and_its_makers_cannot_be_paid(client, two_groups):
    client.force_login(two_groups["staff"])
    b = two_groups["b"]

    assert client.get(f"/admin/makers-pay/{b.pk}/").status_code == 404
    assert client.get(f"/admin/makers-pay/{b.pk}/csv/").status_code == 404
    own = client.get(f"/admin/makers-pay/{two_groups['a'].pk}/")
    assert own.status_code == 200 and B_MAKER not in own.content.decode()
    for group in (b, two_groups["a"]):  # B's maker, whether through B or through A
        with pytest.raises(MakerPaymentError):
            maker_payments_record(
                group_id=group.pk,
                by=two_groups["staff"],
                paid_on="2026-11-30",
                method="cash",
                batch_token=uuid.uuid4(),
                lines=[MakerPaymentLine(two_groups["b_maker"].pk, Decimal("100"))],
            )
    assert not MakerPayment.objects.exists()


def test_payments_recorded_in_bulk_once_even_if_the_screen_is_sent_twice(client, two_groups):
    client.force_login(two_groups["staff"])
    a = two_groups["a"]
    other = make_artisan(a, full_name="Shamim Akhtar", phone="0300 7654321", sms_consent=True)
    page = client.get(f"/admin/makers-pay/{a.pk}/")
    token = page.context["form"]["batch_token"].value()
    data = {
        "batch_token": token,
        "paid_on": "2026-11-28",
        "method": "easypaisa",
        "reference": "EP-778812",
        f"amount_{two_groups['a_maker'].pk}": "1500",
        f"amount_{other.pk}": "250.50",
    }

    assert client.post(f"/admin/makers-pay/{a.pk}/", data).status_code == 302
    assert client.post(f"/admin/makers-pay/{a.pk}/", data).status_code == 302

    payments = MakerPayment.objects.order_by("amount")
    assert [(p.maker_name, p.amount, p.method) for p in payments] == [
        ("Shamim Akhtar", Decimal("250.50"), "easypaisa"),
        ("Rukhsana Bibi", Decimal("1500.00"), "easypaisa"),
    ]
    from marketplace.models import NotificationLog

    texts = NotificationLog.objects.filter(event="maker_payment_recorded")
    assert [t.recipient for t in texts] == ["+923007654321"]  # only the one who agreed


def test_a_rate_added_changed_or_deleted_in_the_admin_shows_on_the_product_page_at_once(
    client, two_groups
):
    from django.test import Client

    product = two_groups["a_product"]
    staff = Client()
    staff.force_login(two_groups["staff"])
    assert "Rs 800" in client.get(product.url).content.decode()  # (the page is kept now)

    rate = two_groups["a_rate"]
    fields = {"product": product.pk, "artisan": two_groups["a_maker"].pk, "hours_per_piece": "12"}
    edited = staff.post(f"/admin/maker_rate/edit/{rate.pk}/", {**fields, "piece_rate": "875.00"})
    assert edited.status_code == 302
    assert "Rs 875" in client.get(product.url).content.decode()

    other = make_artisan(two_groups["a"], full_name="Shamim Akhtar")
    added = staff.post(
        "/admin/maker_rate/new/", {**fields, "artisan": other.pk, "piece_rate": "125.00"}
    )
    assert added.status_code == 302
    assert "Rs 1,000" in client.get(product.url).content.decode()  # 875 + 125

    assert staff.post(f"/admin/maker_rate/delete/{rate.pk}/").status_code == 302
    assert "Rs 875" not in client.get(product.url).content.decode()
    assert "Rs 125" in client.get(product.url).content.decode()
