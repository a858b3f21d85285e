"""Which cells of a one-way breakdown may be published.

A cell is published only if it rests on at least MIN_GROUPS producer groups and, when makers
are recorded in it, at least MIN_MAKERS makers. The cells held back are merged into one
"other" cell. Because the total is published too, "other" can always be worked out by
subtracting the published cells from it, so "other" must itself be safe: while it is not, the
smallest published cell joins it. If nothing safe is left, the whole breakdown is held back.

Nested breakdowns (districts inside provinces, with provinces published in their own table)
must also keep each province's held-back districts safe together, otherwise a province's
figure minus its published districts would give a held-back district away: see
`suppress_nested`.
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

MIN_GROUPS = 3
MIN_MAKERS = 5


@dataclass
class Cell:
    """One row of a breakdown: money (Decimal rupees) and the ids of whom it rests on."""

    key: Hashable
    sales: Decimal = Decimal("0.00")
    commission: Decimal = Decimal("0.00")  # the platform's, as a positive amount
    delivery: Decimal = Decimal("0.00")
    to_makers: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")  # paid to makers, as their groups recorded it
    groups: set[int] = field(default_factory=set)
    makers: set[int] = field(default_factory=set)
    orders: set[int] = field(default_factory=set)

    @property
    def to_groups(self) -> Decimal:
        """What the groups kept of the sale after the commission and their makers' pay."""
        return self.sales - self.commission - self.to_makers

    def merge(self, other: "Cell") -> None:
        self.sales += other.sales
        self.commission += other.commission
        self.delivery += other.delivery
        self.to_makers += other.to_makers
        self.paid += other.paid
        self.groups |= other.groups
        self.makers |= other.makers
        self.orders |= other.orders


def is_safe(cell: Cell) -> bool:
    return len(cell.groups) >= MIN_GROUPS and not (0 < len(cell.makers) < MIN_MAKERS)


def merged(cells: Iterable[Cell], key: Hashable = "other") -> Cell:
    total = Cell(key=key)
    for cell in cells:
        total.merge(cell)
    return total


@dataclass
class Published:
    """What a breakdown may show: `shown` cells (largest first) and `other`, the merged rest
    (None when nothing was held back). `withheld` is True when nothing at all may be shown."""

    shown: list[Cell]
    other: Cell | None
    withheld: bool = False


def _size(cell: Cell) -> tuple[Decimal, int, int]:
    return (cell.sales, len(cell.groups), len(cell.makers))


def suppress(
    cells: Iterable[Cell],
    *,
    extra_held: Callable[[list[Cell], list[Cell]], list[Cell]] | None = None,
) -> Published:
    """Split `cells` into published cells and one safe "other" (see the module docstring).

    `extra_held(shown, held)`, if given, names more shown cells that must be held back for a
    rule beyond this breakdown (nesting); it is applied until nothing changes."""
    shown = sorted(cells, key=_size, reverse=True)
    held = [cell for cell in shown if not is_safe(cell)]
    shown = [cell for cell in shown if is_safe(cell)]
    while True:
        more = extra_held(shown, held) if extra_held else []
        if not more and shown and held and not is_safe(merged(held)):
            more = [shown[-1]]  # the smallest published cell joins "other"
        if not more:
            break
        for cell in more:
            shown.remove(cell)
            held.append(cell)
    if held and not is_safe(merged(held)):
        return Published(shown=[], other=None, withheld=True)
    return Published(shown=shown, other=merged(held) if held else None)


def suppress_nested(cells: Iterable[Cell], parent_of: Callable[[Cell], Hashable]) -> Published:
    """Like `suppress`, for cells nested in parents published elsewhere (districts in
    provinces): within each parent, the held-back cells are either none, all of the parent's
    cells, or safe together."""

    def held_in_parents(shown: list[Cell], held: list[Cell]) -> list[Cell]:
        more: list[Cell] = []
        for parent in {parent_of(cell) for cell in held}:
            held_here = [cell for cell in held if parent_of(cell) == parent]
            shown_here = [cell for cell in shown if parent_of(cell) == parent]
            if shown_here and not is_safe(merged(held_here)):
                more.append(shown_here[-1])  # the smallest of the parent's published cells
        return more

    return suppress(cells, extra_held=held_in_parents)
