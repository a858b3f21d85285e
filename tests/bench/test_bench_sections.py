"""The bench's own logic, without a server: which sections a run takes, the mixed load's page
mix and its verdicts (bench/run_options.py, bench/mixed.py)."""

from types import SimpleNamespace

from bench import run_catalog, scale
from bench.checkout import CheckoutResult
from bench.loadgen import LoadResult, percentile
from bench.mixed import browse_paths, judge
from bench.run_options import SECTIONS, parse_args, sections_wanted

FACTS = {
    "categories": ["ralli-quilts", "block-printing"],
    "product_paths": [f"/producers/g/p-{n}/" for n in range(40)],
    "group_paths": [f"/producers/g-{n}/" for n in range(20)],
    "mela_paths": ["/melas/", "/melas/lahore-2026/"],
}


def test_a_run_without_only_takes_every_section():
    assert sections_wanted(parse_args([])) == (set(SECTIONS), set())


def test_only_picks_sections_and_catalog_targets():
    sections, targets = sections_wanted(parse_args(["--only", "mixed,shop page 1"]))
    assert sections == {"mixed", "catalog"}
    assert targets == {"shop page 1"}


def test_the_browsing_mix_has_every_kind_of_page():
    paths = browse_paths(FACTS)
    assert len(paths) == 96
    assert any(path == "/shop/" for path in paths)
    assert any("category=" in path for path in paths)
    assert any("?q=" in path for path in paths)
    assert any(path in FACTS["product_paths"] for path in paths)
    assert any(path in FACTS["group_paths"] for path in paths)
    assert any(path in FACTS["mela_paths"] for path in paths)


def _load(
    rps: float, p95: float, hits: int, requests: int = 1000, non_200: int = 0, stale: int = 0
):
    return LoadResult(
        "python", requests, 8.0, rps, 5.0, p95, p95, p95, non_200, 0, 0, hits, cache_stale=stale
    )


def _orders(per_second: float, errors: int = 0) -> CheckoutResult:
    return CheckoutResult(2, 8.0, int(per_second * 8), per_second, 0, 0.0, 1.0, 2.0, 1.0, errors)


STAFF = {"publishes": 2, "stock_changes": 4, "errors": 0, "error_samples": []}
ARGS = SimpleNamespace(mixed_orders_per_second=5.0, mixed_cart_clients=4)


def _judged(browse: LoadResult, orders_per_second: float, bare_runs: int = 1) -> dict:
    bare = [_load(1000, 5, 0) for _run in range(bare_runs)]
    orders = _orders(orders_per_second)
    return judge(browse=browse, bare=bare, orders=orders, staff=STAFF, warm_problems=[], args=ARGS)


def test_the_mixed_load_passes_only_when_every_target_is_met():
    passing = _judged(_load(600, 40, hits=960), 4.8, bare_runs=2)
    assert (passing["verdict"], passing["reasons"]) == ("PASS", [])

    missing = _judged(_load(400, 80, hits=700, non_200=3), 2.0)
    assert missing["verdict"] == "MISS"
    assert missing["reasons"] == ["ratio<0.50", "p95>=60ms", "hits<95%", "orders/s<4.5", "errors"]


def test_stale_copies_count_as_served_from_the_cache_and_are_reported_apart():
    report = _judged(_load(600, 40, hits=940, stale=20), 4.8)
    assert (report["hit_rate"], report["stale_rate"]) == (0.96, 0.02)
    assert report["verdict"] == "PASS"


def test_percentile_is_the_nearest_rank():
    assert percentile([], 95) == 0.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile(list(range(1, 101)), 95) == 95


def test_catalog_rows_are_judged_against_the_targets_of_their_cache_mode():
    bare = [{"result": _load(1000.0, 2.0, 0)} for _run in range(5)]  # one before and after each

    def verdicts(mode, *rows):
        judged = run_catalog.judge(
            mode,
            bare,
            [
                {"target": target, "result": _load(rps, p95, 0), "warmup_problems": []}
                for target, rps, p95 in rows
            ],
        )
        return [(row["verdict"], row["reasons"]) for row in judged["rows"]]

    assert verdicts(
        "off",
        ("product pages", 120.0, 140.0),
        ("product pages", 90.0, 140.0),
        ("group pages", 90.0, 140.0),
        ("shop page 1", 60.0, 160.0),
    ) == [
        ("PASS", []),
        ("MISS", ["ratio<0.10"]),
        ("PASS", []),
        ("MISS", ["p95>=150ms"]),
    ]
    assert verdicts("on", ("product pages", 120.0, 40.0)) == [("MISS", ["ratio<0.50"])]


def test_a_scale_page_that_got_no_answer_is_a_miss_not_a_0_ms_pass():
    def size(scale, search_p95, answered):
        return {
            "scale": scale,
            "pages": {
                "shop page 1": {"p95_ms": 100.0, "answered": 50, "errors": 0},
                "search": {"p95_ms": search_p95, "answered": answered, "errors": 0},
            },
        }

    rows = scale.judge([size(1000, 900.0, 20), size(10000, 0.0, 0)])

    verdicts = {row["page"]: (row["verdict"], row["reasons"]) for row in rows}
    assert verdicts == {"shop page 1": ("PASS", []), "search": ("MISS", ["no answers"])}
