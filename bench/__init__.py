"""Throughput benchmark of the newsledger pipeline against spaCy alone.

``python bench/run_bench.py`` (or ``newsledger bench``) measures, in one run and
on the same texts, the spaCy limit, the whole ``newsledger run`` as a
subprocess, an incremental no-op re-run, a naive one-task-per-article Prefect
flow, corpus scaling with peak RSS, and the stage timings; it writes
``docs/benchmarks.md``. Not a test: timings depend on the machine and its load.
"""
