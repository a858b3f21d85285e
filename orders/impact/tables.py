"""The impact page's breakdowns as the template shows them: one shape for every table (its
first column, the other columns' headings, and per row a label, the cells and a bar), so one
partial draws the sales', the payments' and the melas' tables alike."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from marketplace.money import format_pkr
from orders.impact.melas import MelaBreakdown
from orders.impact.report import (
    COLUMN_TITLES,
    TITLES,
    Figures,
    PublishedBreakdown,
    mela_lines_of,
    rows_of,
)

Column = tuple[str, Callable[[Any], Any]]


@dataclass(frozen=True)
class Line:
    label: str
    cells: list[Any]
    bar: int
    is_other: bool = False


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    column: str
    headers: list[str]
    lines: list[Line]
    withheld: bool = False


def _sales_columns(has_makers: bool) -> list[Column]:
    columns: list[Column] = [(gettext("Groups"), lambda f: f.groups)]
    if has_makers:
        columns.append((gettext("Makers"), lambda f: f.makers))
    columns += [
        (gettext("Orders online"), lambda f: f.orders),
        (gettext("Paid by buyers"), lambda f: format_pkr(f.sales)),
    ]
    if has_makers:
        columns.append((gettext("Earned by makers"), lambda f: format_pkr(f.to_makers)))
    columns.append((gettext("Reached groups"), lambda f: format_pkr(f.to_groups)))
    return columns


def _paid_columns() -> list[Column]:
    return [
        (gettext("Groups"), lambda f: f.groups),
        (gettext("Makers paid"), lambda f: f.makers),
        (gettext("Paid to makers"), lambda f: format_pkr(f.paid)),
    ]


def _figures_tables(
    breakdowns: list[PublishedBreakdown],
    columns: list[Column],
    prefix: str = "",
    measure: Callable[[Figures], Any] | None = None,
) -> list[Table]:
    tables = []
    for breakdown in breakdowns:
        rows = rows_of(breakdown, measure) if measure else rows_of(breakdown)
        tables.append(
            Table(
                slug=f"{prefix}{breakdown.dimension}",
                title=str(TITLES[breakdown.dimension]),
                column=str(COLUMN_TITLES[breakdown.dimension]),
                headers=[heading for heading, _cell in columns],
                lines=[
                    Line(
                        row.label,
                        [cell(row.figures) for _heading, cell in columns],
                        row.bar,
                        row.is_other,
                    )
                    for row in rows
                ],
                withheld=breakdown.withheld,
            )
        )
    return tables


def sales_tables(breakdowns: list[PublishedBreakdown], *, has_makers: bool) -> list[Table]:
    return _figures_tables(breakdowns, _sales_columns(has_makers))


def paid_tables(breakdowns: list[PublishedBreakdown]) -> list[Table]:
    return _figures_tables(breakdowns, _paid_columns(), "paid-", lambda figures: figures.paid)


def mela_tables(breakdowns: list[MelaBreakdown]) -> list[Table]:
    headers = [gettext("Melas"), gettext("Visitors counted")]
    return [
        Table(
            slug=f"melas-{breakdown.dimension}",
            title=str(TITLES[breakdown.dimension]),
            column=str(COLUMN_TITLES[breakdown.dimension]),
            headers=headers,
            lines=[
                Line(line.label, [line.melas, line.visitors], line.bar)
                for line in mela_lines_of(breakdown)
            ],
        )
        for breakdown in breakdowns
    ]
