"""Finance staff record couriers' cash-on-delivery remittances and resolve flagged ones."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FINANCE_GROUP = "Finance"


def _permission(apps):
    app_config = apps.get_app_config("orders")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)  # see 0002: not made yet on a new DB
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(
        content_type__app_label="orders",
        content_type__model="courierremittance",
        codename="record_remittances",
    )


def finance_records_remittances(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=FINANCE_GROUP)
    group.permissions.add(_permission(apps))


def finance_stops_recording_remittances(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=FINANCE_GROUP).first()
    if group is not None:
        group.permissions.remove(_permission(apps))


class Migration(migrations.Migration):
    dependencies = [("orders", "0009_courier_remittances_and_mela_cash")]

    operations = [
        migrations.RunPython(finance_records_remittances, finance_stops_recording_remittances)
    ]
