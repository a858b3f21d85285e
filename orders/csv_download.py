"""CSV downloads from the admin (statements, payout exports), as spreadsheets read them."""

import csv
from decimal import Decimal

from django.http import HttpResponse


def csv_download(filename: str) -> tuple[HttpResponse, "csv._writer"]:
    """An attachment response named `filename` (without .csv) and a writer into it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # the byte order mark: Excel then reads Urdu names as UTF-8
    return response, csv.writer(response)


def money_text(amount: Decimal) -> str:
    """Rupees with exactly two decimals, no grouping: what a spreadsheet parses as a number."""
    return f"{amount:.2f}"
