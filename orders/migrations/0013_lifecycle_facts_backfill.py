"""Fill the lifecycle's new fact fields from the status history recorded before them.

The last time the notes are read: from now on the facts are fields (orders.lifecycle).
"""

from django.db import migrations

EXPIRY_NOTE = "reservation expired"


def backfill(apps, schema_editor):
    StatusChange = apps.get_model("orders", "StatusChange")
    SubOrder = apps.get_model("orders", "SubOrder")
    Order = apps.get_model("orders", "Order")
    stamps = {"shipped": "shipped_at", "delivered": "delivered_at", "cancelled": "cancelled_at"}
    for change in StatusChange.objects.filter(
        field="sub_order_status", new_value__in=list(stamps)
    ).order_by("pk"):
        SubOrder.objects.filter(pk=change.sub_order_id).update(
            **{stamps[change.new_value]: change.changed_at}
        )
    for change in StatusChange.objects.filter(field="payment_status", new_value="paid"):
        Order.objects.filter(pk=change.order_id, paid_at__isnull=True).update(
            paid_at=change.changed_at
        )
    for change in StatusChange.objects.filter(field="status", new_value="cancelled"):
        expired = change.note == EXPIRY_NOTE and change.changed_by_id is None
        Order.objects.filter(pk=change.order_id, status="cancelled").update(
            cancelled_at=change.changed_at, cancellation_kind="expired" if expired else "staff"
        )
    released = Order.objects.filter(stock_released=True).values("pk")
    SubOrder.objects.filter(order__in=released, status="cancelled").update(stock_returned=True)


class Migration(migrations.Migration):
    dependencies = [("orders", "0012_lifecycle_facts_and_refunds")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
