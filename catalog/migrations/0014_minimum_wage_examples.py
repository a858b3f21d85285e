"""Example minimum wage rows (clearly marked as examples, to be checked by finance against the
official notifications; nothing is fetched from outside), and the Finance group's right to
keep the table. Idempotent and reversible."""

import datetime
from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.db import migrations

EXAMPLE_SOURCE = (
    "EXAMPLE shipped with the software: check against the official notification before relying "
    "on it"
)
EXAMPLES = [
    # (province, monthly amount, in force from, source)
    ("", Decimal("37000"), datetime.date(2024, 7, 1), f"{EXAMPLE_SOURCE} (federal budget 2024-25)"),
    ("Punjab", Decimal("40000"), datetime.date(2025, 7, 1), f"{EXAMPLE_SOURCE} (Punjab 2025-26)"),
    ("Sindh", Decimal("40000"), datetime.date(2025, 7, 1), f"{EXAMPLE_SOURCE} (Sindh 2025-26)"),
]
FINANCE_GROUP = "Finance"
CODENAMES = ["add_minimumwage", "change_minimumwage", "delete_minimumwage", "view_minimumwage"]


def examples_add(apps, schema_editor):
    MinimumWage = apps.get_model("catalog", "MinimumWage")
    for province, monthly, since, source in EXAMPLES:
        MinimumWage.objects.get_or_create(
            country="PK",
            province=province,
            effective_from=since,
            defaults={"monthly_amount": monthly, "source": source, "is_example": True},
        )
    app_config = apps.get_app_config("catalog")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    finance = Group.objects.filter(name=FINANCE_GROUP).first()
    if finance is not None:
        finance.permissions.add(
            *Permission.objects.filter(content_type__app_label="catalog", codename__in=CODENAMES)
        )


def examples_remove(apps, schema_editor):
    MinimumWage = apps.get_model("catalog", "MinimumWage")
    MinimumWage.objects.filter(is_example=True, source__startswith=EXAMPLE_SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0013_makers_rates_and_minimum_wage"),
        ("orders", "0002_finance_group"),
    ]

    operations = [migrations.RunPython(examples_add, examples_remove)]
