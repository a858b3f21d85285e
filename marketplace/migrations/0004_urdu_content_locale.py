"""The Urdu content locale (Wagtail localisation). Existing pages stay in English, the
default locale, which Wagtail's own migrations created."""

from django.db import migrations


def urdu_locale_create(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="ur")


def urdu_locale_delete(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    if not Page.objects.filter(locale__language_code="ur").exists():
        Locale.objects.filter(language_code="ur").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0003_site_name_set"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(urdu_locale_create, urdu_locale_delete)]
