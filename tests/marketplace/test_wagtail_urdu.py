"""The project's Urdu for Wagtail's admin: its own locale folder (which makemessages for the
project never writes to), compiled and current, every string in Arabic script, Urdu offered
to staff in their account, and Django merging it into the admin's catalogue."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.views.i18n import JavaScriptCatalog

ROOT = Path(__file__).resolve().parents[2]


def test_the_wagtail_urdu_catalogue_is_current_and_passes_msgfmt_check():
    result = subprocess.run(
        [sys.executable, "scripts/wagtail_urdu.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (ROOT / "locale_wagtail/ur/LC_MESSAGES/django.mo").exists()
    assert (ROOT / "locale_wagtail/ur/LC_MESSAGES/djangojs.mo").exists()


def test_urdu_is_offered_in_the_admin_and_its_folder_is_not_the_projects():
    assert "ur" in dict(settings.WAGTAILADMIN_PERMITTED_LANGUAGES)
    paths = [Path(path) for path in settings.LOCALE_PATHS]
    # makemessages writes the project's strings to the first folder; Wagtail's Urdu is apart.
    assert paths[0] == ROOT / "locale"
    assert ROOT / "locale_wagtail" in paths


def test_wagtails_admin_strings_and_scripts_speak_urdu():
    with translation.override("ur"):
        assert translation.gettext("Save draft") == "مسودہ محفوظ کریں"
        assert translation.gettext("Submit for moderation") == "جائزے کے لیے بھیجیں"
        # the project's own catalogue still wins for its own strings
        assert translation.gettext("Crafts Mela") == "کرافٹس میلہ"
    with translation.override("ur"):
        response = JavaScriptCatalog.as_view(packages=["wagtail.admin"])(
            RequestFactory().get("/admin/jsi18n/")
        )
    # "Collapse all", from djangojs.po (the catalogue is JSON, non-ASCII escaped)
    assert json.dumps("سب سمیٹیں") in response.content.decode()
