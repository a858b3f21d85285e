"""Wagtail's Moderators group may see and hide every trade enquiry. Idempotent; reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"


def _permission(apps):
    # Model permissions are made after all migrations (post_migrate): make this app's now.
    app_config = apps.get_app_config("trade")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(
        content_type__app_label="trade", codename="moderate_tradeenquiry"
    )


def moderators_may_hide(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=MODERATORS).first()
    if group is not None:
        group.permissions.add(_permission(apps))


def moderators_may_not_hide(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=MODERATORS).first()
    if group is not None:
        group.permissions.remove(_permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("trade", "0001_trade_enquiries_and_quotes"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(moderators_may_hide, moderators_may_not_hide)]
