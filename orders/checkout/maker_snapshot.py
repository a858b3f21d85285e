"""Copying the makers' rates in force onto an order's lines, inside the placement transaction.

One OrderLineMaker per line per maker: what the group agreed to pay her for a piece and the
hours it takes, as they were at the sale. A rate changed or deleted later changes no order.
"""

from django.db import connections, models, router

from catalog.models import ArtisanPage, MakerRate, ProductVariant
from orders.models import OrderLine, OrderLineMaker


def order_line_makers_snapshot(*, lines: list[OrderLine]) -> int:
    """Snapshot the rates of the lines' products (the lines are saved); returns how many
    snapshots were written.

    One statement, whatever the number of lines and makers: `INSERT ... SELECT` copies each
    rate with its maker's name straight from the rates table, in the placement's transaction,
    so the rates copied are the ones in force when it runs. (Reading the rates first built a
    maker page per rate and a second statement wrote them: a fifth of the order's CPU.)"""
    line_ids = [line.pk for line in lines if line.pk is not None]
    if not line_ids:
        return 0
    connection = connections[router.db_for_write(OrderLineMaker)]
    quote = connection.ops.quote_name

    def table(model: type[models.Model]) -> str:
        return quote(model._meta.db_table)

    def column(model: type[models.Model], name: str) -> str:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)  # a concrete column, not a reverse relation
        return quote(str(field.column))

    snapshot, line, variant = OrderLineMaker, OrderLine, ProductVariant
    rate, artisan = MakerRate, ArtisanPage
    sql = (
        f"INSERT INTO {table(snapshot)} ({column(snapshot, 'line')}, "  # noqa: S608 (quoted names)
        f"{column(snapshot, 'artisan')}, {column(snapshot, 'maker_name')}, "
        f"{column(snapshot, 'piece_rate')}, {column(snapshot, 'hours_per_piece')}) "
        f"SELECT l.{quote(str(line._meta.pk.column))}, r.{column(rate, 'artisan')}, "
        f"a.{column(artisan, 'full_name')}, r.{column(rate, 'piece_rate')}, "
        f"r.{column(rate, 'hours_per_piece')} "
        f"FROM {table(line)} l "
        f"JOIN {table(variant)} v ON v.{quote(str(variant._meta.pk.column))} "
        f"= l.{column(line, 'variant')} "
        f"JOIN {table(rate)} r ON r.{column(rate, 'product')} = v.{column(variant, 'product')} "
        f"JOIN {table(artisan)} a ON a.{quote(str(artisan._meta.pk.column))} "
        f"= r.{column(rate, 'artisan')} "
        f"WHERE l.{quote(str(line._meta.pk.column))} IN ({', '.join(['%s'] * len(line_ids))}) "
        f"ORDER BY l.{quote(str(line._meta.pk.column))}, r.{column(rate, 'artisan')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, line_ids)
        return int(cursor.rowcount)
