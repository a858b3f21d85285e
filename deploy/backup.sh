#!/usr/bin/env bash
# A consistent backup of the PostgreSQL database while the site runs (pg_dump reads one
# snapshot; orders placed meanwhile are simply in the next backup).
#
#   DATABASE_URL=postgres://user:password@host:5432/crafts_mela deploy/backup.sh [FILE]
#
# Writes FILE (default: crafts-mela-<UTC time>.dump) in pg_dump's custom format: compressed,
# restored with deploy/restore.sh (pg_restore), tables can be picked out one by one. Use the
# pg_dump of the server's major version or newer. Run it daily (a systemd timer or cron), keep
# copies off the machine (e.g. `aws s3 cp` to a private bucket), and try a restore now and then:
# an untested backup is not a backup. Media (photos, documents) are not in it: they are in the
# S3 bucket (turn on its versioning) or MEDIA_ROOT (copy that folder).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
file="${1:-crafts-mela-$(date -u +%Y%m%dT%H%M%SZ).dump}"

pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" --dbname="$DATABASE_URL"
mv "$file.partial" "$file"  # a dump cut short never has the final name
echo "$file"
