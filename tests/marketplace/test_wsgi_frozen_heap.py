"""A web process leaves what loading the site made out of the garbage collector's full passes
(marketplace/wsgi.py): otherwise each full pass walked the whole loaded site and stalled the
requests of that process for 150-200 ms of CPU (bench/README.md, thirteenth session)."""

import json
import os
import subprocess
import sys

from tests.deploy.processes import ROOT

LOAD_AND_COUNT = """
import gc, json, sys
import marketplace.wsgi
tracked = {id(thing) for thing in gc.get_objects()}
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "tracked": len(tracked),
    # A view module, imported by the URLconf a first request would load: frozen too.
    "views_frozen": "catalog.views" in sys.modules
    and gc.is_tracked(vars(sys.modules["catalog.views"]))
    and id(vars(sys.modules["catalog.views"])) not in tracked,
}))
"""


def test_loading_the_web_application_freezes_what_it_made():
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")
    }
    completed = subprocess.run(
        [sys.executable, "-c", LOAD_AND_COUNT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    counts = json.loads(completed.stdout.strip().splitlines()[-1])
    # The loaded site is frozen (about 240,000 objects), far more than the few the
    # collector still tracks (those made by `print` and `json` after the freeze).
    assert counts["frozen"] > 50_000, counts
    assert counts["tracked"] < counts["frozen"] / 100, counts
    assert counts["views_frozen"], counts
