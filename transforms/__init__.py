"""Pure Python stages: sources, NLP, entities, number grammar, money, military figures.

No Prefect, DuckDB or Great Expectations imports in this package (enforced by tests/test_layout.py).
"""
