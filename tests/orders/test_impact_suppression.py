"""The impact page's suppression rules, for any breakdown: nothing published rests on fewer
than 3 groups (or fewer than 5 makers, where makers are recorded), and no held-back cell can
be worked out by subtracting published figures from the total or from a published parent."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from orders.impact.suppression import (
    MIN_GROUPS,
    MIN_MAKERS,
    Cell,
    is_safe,
    merged,
    suppress,
    suppress_nested,
)
from orders.impact.workshops import MIN_SIGNUPS, WorkshopRow, _published

GROUP_IDS = st.integers(min_value=1, max_value=12)
MAKER_IDS = st.integers(min_value=100, max_value=140)


@st.composite
def cells(draw, max_cells=8):
    count = draw(st.integers(min_value=0, max_value=max_cells))
    made = []
    for index in range(count):
        made.append(
            Cell(
                key=index,
                sales=Decimal(draw(st.integers(min_value=-5_000, max_value=500_000))) / 100,
                commission=Decimal(draw(st.integers(min_value=0, max_value=50_000))) / 100,
                paid=Decimal(draw(st.integers(min_value=0, max_value=90_000))) / 100,
                groups=draw(st.sets(GROUP_IDS, min_size=1, max_size=5)),
                makers=draw(st.sets(MAKER_IDS, max_size=7)),
            )
        )
    return made


def assert_published_safely(source: list[Cell], result) -> None:
    total = merged(source)
    for cell in result.shown:
        assert is_safe(cell), cell
    if result.withheld:
        assert result.shown == [] and result.other is None
        assert not is_safe(total)
        return
    # "other" is what a reader gets by subtracting the published cells from the total.
    if result.other is not None:
        assert is_safe(result.other)
    published = merged([*result.shown, *([result.other] if result.other else [])])
    assert (published.sales, published.commission, published.paid) == (
        total.sales,
        total.commission,
        total.paid,
    )
    assert published.groups == total.groups and published.makers == total.makers


@settings(max_examples=300, deadline=None)
@given(cells())
def test_no_published_or_derivable_cell_rests_on_too_few_groups_or_makers(source):
    assert_published_safely(source, suppress(source))


@settings(max_examples=300, deadline=None)
@given(cells(max_cells=10), st.lists(st.sampled_from("PQR"), min_size=10, max_size=10))
def test_a_parent_minus_its_published_children_gives_away_no_child(source, parents):
    parent_of = {cell.key: parents[cell.key] for cell in source}
    result = suppress_nested(source, lambda cell: parent_of[cell.key])

    assert_published_safely(source, result)
    shown_keys = {cell.key for cell in result.shown}
    for parent in set(parents):
        children = [cell for cell in source if parent_of[cell.key] == parent]
        held = [cell for cell in children if cell.key not in shown_keys]
        # The parent's figure (published in its own table) minus its published children is
        # the held children together: nothing, the whole parent, or a safe aggregate.
        assert not held or len(held) == len(children) or is_safe(merged(held))


def test_one_small_cell_is_never_the_only_one_held_back():
    big = [Cell(key=n, sales=Decimal(1000 * n), groups={n, n + 10, n + 20}) for n in (1, 2, 3)]
    small = Cell(key="tiny", sales=Decimal("5.00"), groups={99})

    result = suppress([*big, small])

    assert small not in result.shown
    assert result.other is not None and len(result.other.groups) >= MIN_GROUPS
    assert result.other.sales == Decimal("5.00") + Decimal(1000)  # the smallest joined it


def test_a_cell_with_a_few_makers_is_held_back_even_with_enough_groups():
    few_makers = Cell(key="few", groups={1, 2, 3}, makers=set(range(MIN_MAKERS - 1)))
    no_makers = Cell(key="none", groups={4, 5, 6})

    assert not is_safe(few_makers)
    assert is_safe(no_makers)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=12), max_size=8))
def test_workshop_rows_shown_or_derivable_rest_on_at_least_five_people(signups):
    rows = [WorkshopRow(label=f"d{n}", signups=count) for n, count in enumerate(signups)]

    shown, withheld = _published(rows, "Other")

    if withheld:
        assert shown == [] and sum(signups) < MIN_SIGNUPS
        return
    assert all(row.signups >= MIN_SIGNUPS for row in shown)  # "Other" too: total minus shown
    assert sum(row.signups for row in shown) == sum(signups)
