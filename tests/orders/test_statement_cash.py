"""Statements show cash with the courier and cash taken at mela stalls as figures of their own."""

import csv
import io
import re
from datetime import date

import pytest

from tests.orders.test_cod_remittances import finance, remit  # noqa: F401  (fixture)
from tests.orders.test_mela_cash import exhibiting, sell
from tests.orders.test_statements import ledger, url  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}"><dt>[^<]*</dt><dd>([^<]*)</dd>', html)
    return match.group(1) if match else ""


def test_delivered_cash_on_delivery_shows_as_cash_with_courier_until_remitted(
    client,
    ledger,  # noqa: F811
    finance,  # noqa: F811
):
    lahore = ledger["lahore"]
    client.force_login(ledger["staff"]["lahore"])

    html = client.get(url(lahore)).content.decode()
    assert figure(html, "with-courier") == "Rs 4,250"
    assert "when the courier remits the cash" in html
    rows = list(
        csv.reader(io.StringIO(client.get(url(lahore, "csv/")).content.decode("utf-8-sig")))
    )
    assert rows[1:-1] and all(row[-1] == "when the courier remits the cash" for row in rows[2:-1])

    remit(finance, ledger["order"].sub_orders.get(producer_group=lahore))

    html = client.get(url(lahore)).content.decode()
    assert figure(html, "with-courier") == "Rs 0"
    assert f"{date.today():%-d %b %Y}" in html


def test_stall_sales_and_cash_kept_are_shown(client, two_groups_catalog):
    lahore = two_groups_catalog["lahore"]
    mela, staff, variant = exhibiting(lahore, price="1000.00")
    sell(lahore, mela, staff, variant, 3)
    client.force_login(staff)

    html = client.get(url(lahore)).content.decode()

    assert figure(html, "stall-sales") == "Rs 3,000"
    assert figure(html, "cash-kept") == "Rs 3,000"
    assert "Cash kept by the group · Sale at a mela stall" in html
    assert mela.title in html
