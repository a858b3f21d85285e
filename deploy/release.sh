#!/usr/bin/env bash
# Run once per release, before the new web processes start (Procfile `release:`; with systemd:
# `sudo -u crafts-mela bash deploy/release.sh` with the environment file loaded, then restart
# the services). Safe to run again.
#
# Not needed: compilemessages. The Urdu catalogue's compiled django.mo is committed
# (locale/ur/LC_MESSAGES), so a release needs no gettext tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

# The database first: the new code may need the new columns. Migrations are written to be
# safe while the previous release is still serving (additive first, removals a release later).
"$PYTHON" manage.py migrate --noinput
# The page tree every site needs (home, producers and melas indexes), made only where missing.
"$PYTHON" manage.py site_setup

# Static files with hashed names (whitenoise.storage.CompressedManifestStaticFilesStorage when
# DEBUG=0), compressed copies beside them, into STATIC_ROOT. Served by WhiteNoise from
# every web process cached for ever (immutable): a changed file gets a new name.
"$PYTHON" manage.py collectstatic --noinput --verbosity 1
# Kept pages and fragments hold the old release's markup and words: make them stale.
"$PYTHON" manage.py page_cache_invalidate

# Refuses a production configuration Django knows to be unsafe.
"$PYTHON" manage.py check --deploy --fail-level WARNING
