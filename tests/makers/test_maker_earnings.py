"""Makers' shares: rates copied on the line at placement, owed when the ledger says the
money is the group's, taken back like the ledger takes back, and at mela stalls too."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from catalog.models import MakerRate
from marketplace.models import NotificationLog
from marketplace.money import to_money
from orders.finance.ledger import ledger_record_refund, ledger_record_sub_order_paid
from orders.lifecycle.orders import order_cancel
from orders.models import LedgerCause, MakerEarning, OrderLineMaker
from tests.factories import make_group, make_product
from tests.makers.support import add_makers, mark_paid, place
from tests.orders.test_mela_cash import exhibiting, sell

pytestmark = pytest.mark.django_db


def owed(**filters) -> Decimal:
    return to_money(MakerEarning.objects.filter(**filters).aggregate(t=Sum("amount"))["t"] or 0)


@pytest.fixture
def quilt(site_tree):
    group = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    return make_product(group, "Ralli quilt", price="4500.00", stock=50)


def test_the_rate_in_force_is_copied_on_the_line_and_a_later_change_changes_no_sale(quilt):
    first, second = add_makers(quilt, [("900.00", "20"), ("450.50", "6")])
    order = place({quilt.variants.get(): 2})

    MakerRate.objects.filter(artisan=first).update(piece_rate=Decimal("1.00"))
    snapshots = OrderLineMaker.objects.filter(line__sub_order__order=order).order_by("pk")

    assert [(s.artisan, s.piece_rate, s.hours_per_piece) for s in snapshots] == [
        (first, Decimal("900.00"), Decimal("20.00")),
        (second, Decimal("450.50"), Decimal("6.00")),
    ]
    assert not MakerEarning.objects.exists()  # not paid yet: nothing is owed to anyone

    mark_paid(order)

    assert owed(artisan=first) == Decimal("1800.00")
    assert owed(artisan=second) == Decimal("901.00")


def test_recording_the_paid_sub_order_twice_owes_each_maker_once(quilt):
    (maker,) = add_makers(quilt, [("700.00", "10")])
    order = mark_paid(place({quilt.variants.get(): 3}))

    ledger_record_sub_order_paid(sub_order_id=order.sub_orders.get().pk)

    assert owed(artisan=maker) == Decimal("2100.00")
    assert MakerEarning.objects.count() == 1


def test_a_cancelled_paid_order_takes_every_share_back(quilt):
    (maker,) = add_makers(quilt, [("700.00", "10")])
    order = mark_paid(place({quilt.variants.get(): 3}))

    order_cancel(order_id=order.pk, reason="buyer changed her mind")

    assert owed(artisan=maker) == 0
    assert MakerEarning.objects.filter(cause=LedgerCause.CANCELLATION).count() == 1


def test_a_partial_refund_takes_back_the_same_part_of_the_makers_shares(quilt):
    first, second = add_makers(quilt, [("1000.00", "10"), ("333.33", "4")])
    order = mark_paid(place({quilt.variants.get(): 1}))  # Rs 4,500 + Rs 250 delivery
    order.refresh_from_db()

    # A quarter of what the buyer paid goes back, shared over items and delivery.
    ledger_record_refund(order_id=order.pk, refunded=order.grand_total / 4)
    ledger_record_refund(order_id=order.pk, refunded=order.grand_total / 4)  # again: no change

    assert owed(artisan=first) + owed(artisan=second) == to_money(Decimal("1333.33") * 3 / 4)
    assert owed(artisan=first) == Decimal("750.00")

    ledger_record_refund(order_id=order.pk, refunded=order.grand_total)
    assert owed(artisan=first) == owed(artisan=second) == 0


def test_a_stall_sale_owes_each_maker_her_piece_rate(site_tree):
    group = make_group("Hala Ajrak Cooperative", province="Sindh", district="Matiari")
    mela, staff, variant = exhibiting(group)
    (maker,) = add_makers(variant.product, [("120.00", "3")])

    sale, _created = sell(group, mela, staff, variant, 4)

    assert owed(artisan=maker, stall_sale=sale, cause=LedgerCause.MELA_SALE) == Decimal("480.00")


def test_a_maker_who_agreed_gets_an_urdu_text_when_her_piece_sells_and_others_get_none(quilt):
    (texted,) = add_makers(quilt, [("500.00", "5")], phone="+923001112223", sms=True)
    (silent,) = add_makers(quilt, [("400.00", "5")], phone="+923004445556", sms=False)

    mark_paid(place({quilt.variants.get(): 2}))

    messages = NotificationLog.objects.filter(event="maker_piece_sold")
    assert [(m.recipient, m.channel, m.language) for m in messages] == [
        ("+923001112223", "sms", "ur")
    ]
    assert "1,000" in messages[0].body and "Maker" in messages[0].body  # her first name
    assert silent.phone not in {m.recipient for m in NotificationLog.objects.all()}


def test_makers_rates_are_copied_in_one_query_however_many_lines_and_makers(
    site_tree, django_assert_num_queries
):
    from orders.checkout.maker_snapshot import order_line_makers_snapshot
    from orders.models import OrderLine

    group = make_group("Thar Ralli Cooperative", province="Sindh")
    products = [make_product(group, f"Quilt {n}", stock=10) for n in range(3)]
    for product in products:
        add_makers(product, [("100.00", "1"), ("200.00", "2")])
    order = place({product.variants.get(): 1 for product in products})
    lines = list(OrderLine.objects.filter(sub_order__order=order).select_related("variant"))
    OrderLineMaker.objects.all().delete()

    with django_assert_num_queries(1):  # one INSERT ... SELECT of all six snapshots
        written = order_line_makers_snapshot(lines=lines)

    assert written == OrderLineMaker.objects.count() == 6


def test_erasing_a_maker_removes_her_name_and_phone_from_her_pay_records_and_keeps_amounts(
    quilt,
):
    from orders.privacy.erase import ERASED_ARTISAN_NAME, artisan_erase
    from tests.factories import UserFactory

    (maker,) = add_makers(quilt, [("700.00", "10")], phone="+923001112223", sms=True)
    mark_paid(place({quilt.variants.get(): 1}))

    artisan_erase(artisan=maker, actor=UserFactory(username="admin-erase", is_superuser=True))

    maker.refresh_from_db()
    assert (maker.phone, maker.sms_consent) == ("", False)
    assert set(MakerEarning.objects.values_list("maker_name", flat=True)) == {ERASED_ARTISAN_NAME}
    assert set(OrderLineMaker.objects.values_list("maker_name", flat=True)) == {ERASED_ARTISAN_NAME}
    assert owed(artisan=maker) == Decimal("700.00")
