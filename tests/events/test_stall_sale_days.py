"""Stall sales are recorded only on the mela's days (Pakistan time), or from the day before
when the organisers open them early for setting up."""

import re
import uuid
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest

from catalog.models import ProductVariant
from events.models import StallSale
from events.models.pages import mela_today
from events.services import StallSaleError, stall_sale_record
from tests.factories import (
    make_application,
    make_group,
    make_mela,
    make_product,
    make_staff,
    make_stall,
)

pytestmark = pytest.mark.django_db

DAYS = 3


@pytest.fixture
def mela_world(site_tree):
    start = mela_today() + timedelta(days=10)
    mela = make_mela(start=start, days=DAYS)
    group = make_group("Hala Ajrak Cooperative")
    product = make_product(group, "Ajrak shawl", price="3200.00", stock=5)
    make_application(mela, group, products=[product], status="approved", stall=make_stall(mela))
    return {
        "mela": mela,
        "group": group,
        "staff": make_staff(group),
        "variant": product.variants.get(),
    }


@contextmanager
def on(day):
    """Pretend today, in Pakistan, is `day` (for the service and its phone page)."""
    with (
        mock.patch("events.services.mela_today", return_value=day),
        mock.patch("events.views.mela_today", return_value=day),
    ):
        yield


def sell(world, **changes):
    arguments = {
        "user": world["staff"],
        "mela": world["mela"],
        "group": world["group"],
        "variant_id": world["variant"].pk,
        "quantity": 1,
        "unit_price": None,
        "token": uuid.uuid4(),
    }
    arguments.update(changes)
    return stall_sale_record(**arguments)


def assert_nothing_written(world):
    assert not StallSale.objects.exists()
    assert ProductVariant.objects.get(pk=world["variant"].pk).stock == 5


@pytest.mark.parametrize("days_before", [1, 20])
def test_sales_before_the_mela_are_refused_and_nothing_is_written(mela_world, days_before):
    first_day = mela_world["mela"].start_date
    with on(first_day - timedelta(days=days_before)), pytest.raises(StallSaleError) as refused:
        sell(mela_world)
    assert "Stall sales open on" in str(refused.value)
    assert_nothing_written(mela_world)


def test_sales_on_the_first_and_last_day_are_recorded(mela_world):
    mela = mela_world["mela"]
    for day in (mela.start_date, mela.end_date):
        with on(day):
            sale, created = sell(mela_world)
        assert created and sale.sale_day == day
    assert ProductVariant.objects.get(pk=mela_world["variant"].pk).stock == 3


def test_sales_after_the_mela_are_refused(mela_world):
    mela = mela_world["mela"]
    with on(mela.end_date + timedelta(days=1)), pytest.raises(StallSaleError) as refused:
        sell(mela_world)
    assert "stall sales are closed" in str(refused.value)
    assert_nothing_written(mela_world)


def test_a_sale_dated_outside_the_mela_is_refused_even_during_it(mela_world):
    mela = mela_world["mela"]
    with on(mela.start_date), pytest.raises(StallSaleError):
        sell(mela_world, day=mela.start_date - timedelta(days=3))
    assert_nothing_written(mela_world)


def test_organisers_can_open_stall_sales_the_day_before_for_setting_up(mela_world):
    mela = mela_world["mela"]
    day_before = mela.start_date - timedelta(days=1)
    mela.stall_sales_open_day_before = True
    mela.save_revision().publish()
    mela.refresh_from_db()

    with on(day_before):
        sale, created = sell(mela_world)
    assert created and sale.sale_day == day_before
    with on(day_before - timedelta(days=1)), pytest.raises(StallSaleError):
        sell(mela_world)


def test_the_phone_page_says_when_sales_open_and_shows_no_form_before(client, mela_world):
    mela = mela_world["mela"]
    client.force_login(mela_world["staff"])
    with on(mela.start_date - timedelta(days=5)):
        html = client.get(f"{mela.url}stall-sales/").content.decode()
    assert "Stall sales open on" in html
    assert 'name="quantity"' not in html


def test_a_sale_posted_before_the_mela_is_refused_with_the_message(client, mela_world):
    mela = mela_world["mela"]
    client.force_login(mela_world["staff"])
    with on(mela.start_date):
        page = client.get(f"{mela.url}stall-sales/").content.decode()
    token = re.search(r'name="token" value="([0-9a-f-]+)"', page).group(1)
    before = mela.start_date - timedelta(days=2)
    with on(before):
        response = client.post(
            f"{mela.url}stall-sales/",
            {
                "token": token,
                "group": mela_world["group"].pk,
                "variant": mela_world["variant"].pk,
                "quantity": "1",
            },
        )
    assert response.status_code == 200
    assert "Stall sales open on" in response.content.decode()
    assert_nothing_written(mela_world)
