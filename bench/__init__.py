"""Benchmarks: ``make bench`` runs every ``bench/bench_*.py`` module and prints tables.

Each module defines ``run() -> list[Table]``. Benchmarks compare ratios within one run; no test
asserts a time (shared machines are noisy).
"""
