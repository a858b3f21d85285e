#!/usr/bin/env bash
# Restores a dump made by deploy/backup.sh into a NEW, empty database, never over a live one.
#
#   createdb --owner=crafts_mela crafts_mela_restored          # as a PostgreSQL superuser
#   deploy/restore.sh FILE postgres://crafts_mela:password@host:5432/crafts_mela_restored
#
# Then point the site at it (DATABASE_URL), restart the web processes, the worker and beat, and
# check an order or two. The restored database is complete: migrations are in it, and
# `manage.py migrate` has nothing to do unless the code is newer than the backup.
set -euo pipefail
file="${1:?usage: deploy/restore.sh FILE DATABASE_URL}"
target="${2:?usage: deploy/restore.sh FILE DATABASE_URL}"

tables=$(psql --dbname="$target" --no-psqlrc --tuples-only --no-align \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database already has $tables tables; restore into a new one." >&2
  exit 1
fi

# One transaction: a restore that fails half-way leaves the database empty, not half-full.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$target" "$file"
echo "restored $file"
