"""The stored XSS payloads (tests/xss_payloads.py) leave every export as inert text: the
payouts export, statements and Wagtail's own reports (CSV and XLSX) download as attachments
that browsers may not sniff as HTML, carry the payloads verbatim as cell text, and no text
cell starts a spreadsheet formula."""

import csv
import io
from decimal import Decimal, InvalidOperation

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from marketplace.csv_export import FORMULA_STARTS
from orders.finance.payouts import payout_create
from tests.factories import make_payable_group
from tests.hostile_world import build_hostile_world
from tests.xss_payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db

FORMULA_AND_SCRIPT = XSS_PAYLOADS[47]  # =HYPERLINK("javascript:…")<script>…


@pytest.fixture
def hostile():
    world = build_hostile_world()
    formula_group = make_payable_group(
        FORMULA_AND_SCRIPT,
        slug="formula-and-script",
        payout_method="jazzcash",
        payout_account_title="-" + XSS_PAYLOADS[6],
        payout_account_number="@" + XSS_PAYLOADS[0][:30],
        payout_bank_name="+" + XSS_PAYLOADS[8],
    )
    payout_create(group_id=formula_group.pk)
    world["formula_group"] = formula_group
    return world


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def downloaded(response) -> str:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def is_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except InvalidOperation:
        return False
    return True


def assert_inert(cells: list[str], export: str) -> None:
    """Only numbers (a negative amount) may start with a formula character."""
    live = [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not is_number(cell)]
    assert live == [], export


def test_csv_exports_hold_the_payloads_as_inert_text(hostile):
    finance = admin_client(hostile["users"]["finance"])
    admin = admin_client(hostile["users"]["admin"])
    exports = {
        "payouts": downloaded(finance.post(reverse("payouts_export"), {"scope": "all_pending"})),
        "statement": downloaded(
            finance.get(reverse("statements_group_csv", args=[hostile["formula_group"].pk]))
        ),
        "site history": downloaded(
            admin.get(reverse("wagtailadmin_reports:site_history") + "?export=csv")
        ),
        "aging pages": downloaded(
            admin.get(reverse("wagtailadmin_reports:aging_pages") + "?export=csv")
        ),
    }
    for name, text in exports.items():
        assert_inert(csv_cells(text), name)

    payouts = csv_cells(exports["payouts"])
    assert "'" + FORMULA_AND_SCRIPT in payouts  # the group's name, as text
    assert "'-" + XSS_PAYLOADS[6] in payouts
    assert "'+" + XSS_PAYLOADS[8] in payouts
    history = " ".join(csv_cells(exports["site history"]))
    # Page titles made of payloads are there verbatim (a CSV is not HTML: no escaping).
    assert hostile["products"][0].title in history


def test_xlsx_exports_hold_the_payloads_as_text_not_formulas(hostile):
    admin = admin_client(hostile["users"]["admin"])
    response = admin.get(reverse("wagtailadmin_reports:site_history") + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.value for cell in cells if cell.data_type == "f"] == []
    assert any(hostile["products"][0].title in str(cell.value) for cell in cells)
