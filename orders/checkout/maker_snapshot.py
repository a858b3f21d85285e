"""Copying the makers' rates in force onto an order's lines, inside the placement transaction.

One OrderLineMaker per line per maker: what the group agreed to pay her for a piece and the
hours it takes, as they were at the sale. A rate changed or deleted later changes no order.
"""

from catalog.makers.selectors import maker_rates_of_products
from orders.models import OrderLine, OrderLineMaker


def order_line_makers_snapshot(*, lines: list[OrderLine]) -> list[OrderLineMaker]:
    """Snapshot the rates of the lines' products (the lines are saved, with their variants
    loaded); one query for the rates and one insert, whatever the number of lines."""
    product_of_line = {
        line.pk: line.variant.product_id for line in lines if line.variant is not None
    }
    rates = maker_rates_of_products(set(product_of_line.values()))
    snapshots = [
        OrderLineMaker(
            line=line,
            artisan=rate.artisan,
            maker_name=rate.artisan.full_name,
            piece_rate=rate.piece_rate,
            hours_per_piece=rate.hours_per_piece,
        )
        for line in lines
        for rate in rates.get(product_of_line.get(line.pk, 0), [])
    ]
    return OrderLineMaker.objects.bulk_create(snapshots)
