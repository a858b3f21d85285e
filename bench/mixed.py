"""`make bench`'s mixed load: buyers browse while other buyers order and staff edit.

In one gunicorn with the page cache on (as in production), for `--duration` seconds at once:
  - `--connections` browsing clients (16) over a realistic mix: the shop, filtered pages, a
    search, product, group and mela pages; `--mixed-cart-clients` of them carry a cart (a
    session cookie from a real add to cart), as buyers who have added something do;
  - `--mixed-order-clients` guest buyers placing cash-on-delivery orders at about
    `--mixed-orders-per-second` in all (bench/checkout.py, paced);
  - staff publishing a product every 5 s and changing a stock every 2 s through the admin's
    services (bench/mixed_staff.py, a Django process of its own).
The bare view is measured in the same gunicorn before and after. Reports browse req/s as a
ratio to the bare view, p95, the page cache hit rate, orders/s and every error, with PASS/MISS.
"""

import json
import subprocess
import sys
import threading

from bench import checkout
from bench.loadgen import LoadResult, run_load
from bench.run_catalog import BARE, warm
from bench.run_common import HOST, REDIS, RESULTS, ROOT, log
from bench.run_server import gunicorn

TARGET_RATIO = 0.50
TARGET_P95_MS = 60.0
TARGET_HIT_RATE = 0.95
ORDERS_PACE_SHARE = 0.9  # orders/s must reach this share of the requested pace


def browse_paths(facts: dict) -> list[str]:
    """The browsing mix: every kind of page, weighted roughly as buyers spread over them."""
    categories = facts["categories"] or []
    shop = ["/shop/", "/shop/?page=2", "/shop/?sort=price_asc"]
    shop += [f"/shop/?category={slug}" for slug in categories[:2]]
    shop += [f"/shop/?q={word}" for word in ("ralli", "block+print", "khussa")]
    products = facts["product_paths"][:32]
    groups = facts["group_paths"][:12]
    melas = facts.get("mela_paths", [])[:4]
    # Interleaved so that every client's rotation meets every kind of page.
    kinds = [shop, products, groups, products, melas or shop]
    mix, index = [], 0
    while len(mix) < 96:
        kind = kinds[index % len(kinds)]
        if kind:
            mix.append(kind[(index // len(kinds)) % len(kind)])
        index += 1
    return mix


def cart_cookies(port: int, variant_ids: list[int], count: int) -> list[str]:
    """Cookie headers of `count` buyers who each put one item in their cart."""
    cookies = []
    for number in range(count):
        buyer = checkout.Buyer(HOST, port)
        variant = variant_ids[number % len(variant_ids)]
        status, _headers, _body = buyer.request(
            "POST", "/cart/add/", {"variant": variant, "quantity": 1}
        )
        if status != 302 or not buyer.cookies:
            raise RuntimeError(f"add to cart answered {status} without a session")
        # The browser follows to the cart, which shows "added" (and so empties the messages
        # cookie); from then on she browses with her cart's session.
        buyer.request("GET", "/cart/")
        buyer.close()
        cookies.append("; ".join(f"{name}={value}" for name, value in buyer.cookies.items()))
    return cookies


def _prepared_variants(env: dict, count: int) -> list[int]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.checkout_prepare", str(count)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])["variant_ids"]


def run_section(env: dict, args, redis, stamp: str, facts: dict) -> dict:
    variant_ids = _prepared_variants(env, args.checkout_variants)
    env = env | {"PAGE_CACHE_SECONDS": "300"}
    if redis is not None:
        env["REDIS_URL"] = "redis://{host}:{port}/".format(**REDIS) + str(args.redis_db)
        redis.flushdb()
    paths = browse_paths(facts)
    load = {"host": HOST, "connections": args.connections, "max_requests": args.max_requests}
    load["tool"] = args.loadgen
    staff_command = [
        sys.executable, "-m", "bench.mixed_staff", "--duration", str(args.duration),
        "--exclude", ",".join(map(str, variant_ids)),
    ]  # fmt: skip
    with gunicorn(env, args, RESULTS / f"gunicorn-{stamp}-mixed.log") as port:
        problems = warm(port, sorted(set(paths)))
        bare_before = run_load(port=port, paths=BARE[1], duration=args.duration, **load)
        cookies = cart_cookies(port, variant_ids, args.mixed_cart_clients)
        log(
            f"mixed: {args.connections} browsing clients ({len(cookies)} with a cart), "
            f"{args.mixed_order_clients} buyers at {args.mixed_orders_per_second:g} orders/s, "
            f"staff publishing and changing stock, {args.duration:g} s"
        )
        staff = subprocess.Popen(staff_command, cwd=ROOT, env=env, stdout=subprocess.PIPE)
        staff.stdout.readline()  # "ready": Django is up, its clock starts with the load
        orders: dict = {}
        ordering = threading.Thread(
            target=lambda: orders.update(
                result=checkout.run_checkouts(
                    host=HOST,
                    port=port,
                    variant_ids=variant_ids,
                    clients=args.mixed_order_clients,
                    duration=args.duration,
                    max_orders=args.max_orders,
                    orders_per_second=args.mixed_orders_per_second,
                )
            )
        )
        ordering.start()
        browse = run_load(port=port, paths=paths, duration=args.duration, cookies=cookies, **load)
        ordering.join()
        staff_output, _ = staff.communicate(timeout=args.duration + 60)
        bare_after = run_load(port=port, paths=BARE[1], duration=args.duration, **load)
    staff_report = _staff_report(staff_output.decode(), staff.returncode)
    return judge(
        browse=browse,
        bare=[bare_before, bare_after],
        orders=orders["result"],
        staff=staff_report,
        warm_problems=problems,
        args=args,
    )


def _staff_report(output: str, returncode: int) -> dict:
    lines = output.strip().splitlines()
    if returncode == 0 and lines:
        return json.loads(lines[-1])
    return {
        "publishes": 0,
        "stock_changes": 0,
        "publish_p95_ms": 0.0,
        "stock_p95_ms": 0.0,
        "errors": 1,
        "error_samples": [f"the staff process exited with {returncode}"],
    }


def judge(*, browse: LoadResult, bare, orders, staff, warm_problems, args) -> dict:
    baseline = sum(run.requests_per_second for run in bare) / len(bare)
    answered = browse.requests - browse.socket_errors - browse.timeouts
    # Served from the page cache: fresh copies, and stale ones served while another request
    # rendered the page again (counted apart too).
    hit_rate = (browse.cache_hits + browse.cache_stale) / answered if answered else 0.0
    stale_rate = browse.cache_stale / answered if answered else 0.0
    ratio = browse.requests_per_second / baseline if baseline else 0.0
    errors = browse.errors + orders.errors + staff["errors"] + len(warm_problems)
    pace = args.mixed_orders_per_second * ORDERS_PACE_SHARE
    reasons = []
    if ratio < TARGET_RATIO:
        reasons.append(f"ratio<{TARGET_RATIO:.2f}")
    if browse.p95_ms >= TARGET_P95_MS:
        reasons.append(f"p95>={TARGET_P95_MS:.0f}ms")
    if hit_rate < TARGET_HIT_RATE:
        reasons.append(f"hits<{TARGET_HIT_RATE:.0%}")
    if orders.orders_per_second < pace:
        reasons.append(f"orders/s<{pace:.1f}")
    if errors:
        reasons.append("errors")
    return {
        "browse": browse.as_dict(),
        "bare_rps": [run.requests_per_second for run in bare],
        "ratio": round(ratio, 3),
        "hit_rate": round(hit_rate, 3),
        "stale_rate": round(stale_rate, 4),
        "cart_clients": args.mixed_cart_clients,
        "orders": orders.as_dict(),
        "staff": staff,
        "errors": errors,
        "verdict": "MISS" if reasons else "PASS",
        "reasons": reasons,
    }


def print_table(report: dict) -> None:
    browse, orders, staff = report["browse"], report["orders"], report["staff"]
    print()
    print(
        f"Mixed load: {browse['requests']} browse requests ({report['cart_clients']} clients "
        "with a cart), orders and staff edits at once; page cache on"
    )
    header = (
        f"{'browse r/s':>10} {'bare r/s':>8} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'hits':>5} {'orders/s':>8} {'order p95':>9} {'publish':>7} {'stock':>5} "
        f"{'errors':>6}  result"
    )
    print(header)
    print("-" * len(header))
    bare = sum(report["bare_rps"]) / len(report["bare_rps"])
    reasons = ", ".join(report["reasons"])
    verdict = report["verdict"] + (f" ({reasons})" if reasons else "")
    print(
        f"{browse['requests_per_second']:>10.1f} {bare:>8.1f} {report['ratio']:>6.2f} "
        f"{browse['p50_ms']:>7.1f} {browse['p95_ms']:>7.1f} {report['hit_rate']:>5.0%} "
        f"{orders['orders_per_second']:>8.1f} {orders['order_p95_ms']:>9.1f} "
        f"{staff['publishes']:>7} {staff['stock_changes']:>5} {report['errors']:>6}  {verdict}"
    )
    print(
        f"(targets: ratio >= {TARGET_RATIO:.2f}, p95 < {TARGET_P95_MS:.0f} ms, hits >= "
        f"{TARGET_HIT_RATE:.0%}, orders/s >= {ORDERS_PACE_SHARE:.0%} of the pace, 0 errors; "
        f"staff action p95: publish {staff['publish_p95_ms']:.0f} ms, "
        f"stock {staff['stock_p95_ms']:.0f} ms; hits include stale copies served while "
        f"another request rendered the page: {report['stale_rate']:.2%} of answers)"
    )
    for sample in orders["error_samples"] + staff["error_samples"]:
        print(f"  error: {sample}")
