"""Names the site: Wagtail's default site has no name, so the admin dashboard is titled with
its host name ("localhost")."""

from django.conf import settings
from django.db import migrations


def site_name_set(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Site.objects.filter(site_name="").update(site_name=settings.WAGTAIL_SITE_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0002_notification_log"),
        ("wagtailcore", "0046_site_name_remove_null"),
    ]

    operations = [migrations.RunPython(site_name_set, migrations.RunPython.noop)]
