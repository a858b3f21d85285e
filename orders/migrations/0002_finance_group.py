"""The "Finance" group of platform staff: they see every order, verify transfers, cancel and
refund. Idempotent (an existing group keeps its members and gets the missing permissions) and
reversible (the permissions are taken away; the group goes only if nothing else is left in it)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FINANCE_GROUP = "Finance"
FINANCE_PERMISSIONS = [
    ("orders", "order", "manage_all_orders"),
    ("orders", "order", "verify_transfers"),
    ("wagtailadmin", "admin", "access_admin"),
]


def _ensure_model_permissions(apps):
    """Model permissions are made after all migrations (post_migrate); on a fresh database
    they do not exist yet when this runs, so make the orders app's now."""
    app_config = apps.get_app_config("orders")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(
            content_type__app_label=app_label,
            content_type__model=model,
            codename=codename,
        )
        for app_label, model, codename in FINANCE_PERMISSIONS
    ]


def finance_group_create(apps, schema_editor):
    _ensure_model_permissions(apps)
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=FINANCE_GROUP)
    group.permissions.add(*_permissions(apps))


def finance_group_remove(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=FINANCE_GROUP).first()
    if group is None:
        return
    group.permissions.remove(*_permissions(apps))
    if not group.permissions.exists() and not group.user_set.exists():
        group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # Wagtail gives every admin group it finds then "choose_document": run after it.
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(finance_group_create, finance_group_remove)]
