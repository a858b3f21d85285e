#!/usr/bin/env bash
# Makes sure Debian's Chromium is present for the Playwright browser tests
# (Playwright's own browser download is not used). With CI=true a missing Chromium is
# installed with apt-get; otherwise the script only reports that it is missing.
# Exit 0 when the browser is there; 1 otherwise.
set -u

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
say() { echo "ensure_chromium: $*" >&2; }

[ -x "$CHROMIUM" ] && exit 0

case "${CI:-}" in
    true|1|yes) ;;
    *)
        say "$CHROMIUM is missing. Install it with: sudo apt-get install -y chromium"
        exit 1
        ;;
esac

if ! command -v apt-get >/dev/null 2>&1; then
    say "$CHROMIUM is missing and apt-get is not available to install it."
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        say "$CHROMIUM is missing and installing it needs root (no sudo)."
        exit 1
    fi
fi

say "installing Debian's chromium with apt-get."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 || { say "apt-get update failed."; exit 1; }
$SUDO apt-get install -y -qq chromium >&2 || {
    say "apt-get install chromium failed."
    exit 1
}
[ -x "$CHROMIUM" ] || { say "chromium installed but $CHROMIUM is still missing."; exit 1; }
say "$("$CHROMIUM" --version 2>/dev/null)"
