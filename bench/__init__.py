"""`make bench`: the benchmark package, run as `python -m bench.run` from the repository root."""
