#!/usr/bin/env bash
# Makes sure axe-core (pinned in package.json / package-lock.json) is in node_modules/ for the
# accessibility checks (tests/browser/axe.py, bench/page_budget.py). Installs it with `npm ci`
# when npm is there; exit 0 when node_modules/axe-core/axe.min.js exists afterwards, 1 otherwise.
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
AXE="$ROOT/node_modules/axe-core/axe.min.js"
say() { echo "ensure_axe: $*" >&2; }

[ -f "$AXE" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
    say "npm is missing, so axe-core cannot be installed (Debian: apt-get install -y npm)."
    exit 1
fi
say "installing axe-core from package-lock.json with npm ci."
(cd "$ROOT" && npm ci --ignore-scripts --no-audit --no-fund >&2) || { say "npm ci failed."; exit 1; }
[ -f "$AXE" ] || { say "npm ci ran but $AXE is still missing."; exit 1; }
