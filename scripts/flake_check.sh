#!/usr/bin/env bash
# `make flake-check`: every timing-sensitive test, FLAKE_RUNS times in a row (default 5), while
# stress-ng keeps both cores busy. Not part of `make test` (it takes many minutes). Fails on
# the first failing run; prints each run's time and the pass/fail counts.
#
# The tests: a real Celery worker (killed mid-payout, sending notifications, picking up work
# re-queued after Redis came back empty), Redis stopped under the storefront, and the
# PostgreSQL races (last unit, payouts, remittances, lifecycle, stalls, Stripe webhooks), and
# gunicorn spreading a burst of keep-alive clients over its workers.
# They wait on measured progress (tests/progress_wait.py), never on fixed deadlines.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${FLAKE_RUNS:-5}"
PYTHON="${PYTHON:-.venv/bin/python}"
TIMING_SENSITIVE_TESTS=(
  tests/orders/test_payout_worker_kill.py
  tests/marketplace/test_celery_worker.py
  tests/orders/test_redis_down_requeue.py
  tests/marketplace/test_redis_down_storefront.py
  tests/marketplace/test_redis_cache.py
  tests/orders/test_checkout_concurrency.py
  tests/catalog/test_stock_concurrency.py
  tests/catalog/test_stock_screen_race_postgres.py
  tests/catalog/test_commercial_terms_postgres.py
  tests/orders/test_payout_concurrency.py
  tests/orders/test_remittance_concurrency.py
  tests/orders/test_lifecycle_races.py
  tests/orders/test_stripe_webhooks.py
  tests/events/test_concurrency_postgres.py
  tests/deploy/test_gunicorn_spread.py
)

if ! command -v stress-ng >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "flake-check: installing stress-ng with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng >/dev/null; }
  else
    echo "flake-check: stress-ng is not installed and this is not root; install it" \
      "(apt-get install stress-ng) and run again. Nothing was checked." >&2
    exit 2
  fi
fi

stress-ng --cpu 2 --timeout 0 --quiet &
STRESS_PID=$!
trap 'kill "$STRESS_PID" 2>/dev/null || true; wait "$STRESS_PID" 2>/dev/null || true' EXIT
echo "flake-check: stress-ng --cpu 2 running (pid $STRESS_PID); $RUNS runs of ${#TIMING_SENSITIVE_TESTS[@]} files"

export TEST_GROUPS="${TEST_GROUPS:-main,postgres,redis}" TEST_SKIP_CHECKS=1
started_all=$(date +%s)
for run in $(seq 1 "$RUNS"); do
  started=$(date +%s)
  log="test-output/flake-check-run-$run.log"
  mkdir -p test-output
  if "$PYTHON" scripts/run_tests.py "${TIMING_SENSITIVE_TESTS[@]}" >"$log" 2>&1; then
    status=passed
  else
    status=FAILED
  fi
  echo "flake-check: run $run/$RUNS $status in $(( $(date +%s) - started )) s: $(tail -n 1 "$log")"
  if [ "$status" = FAILED ]; then
    echo "flake-check: see $log" >&2
    exit 1
  fi
done
echo "flake-check: $RUNS runs passed under load in $(( $(date +%s) - started_all )) s"
