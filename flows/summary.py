"""What one ``newsledger run`` did: the summary the flow returns, the CLI prints
and the run's artifacts (``flows.artifacts``) show.

Its own module so that the flow (``flows.pipeline``) and the artifacts that
describe a run both import it without importing each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class RunSummary:
    load_id: str
    warehouse: str
    status: str
    catalog: str | None = None  # postgresql://... of a shared catalog
    records_read: int = 0
    articles_loaded: int = 0
    articles_unchanged: int = 0
    records_quarantined: int = 0
    rows_quarantined: int = 0
    replaced: int = 0
    batches: int = 0
    tokens: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    recovered_loads: list[str] = field(default_factory=list)
    # Times the commit transaction was redone because another writer committed first.
    commit_retries: int = 0
    docs_index: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def reconciles(self) -> bool:
        return self.records_read == (
            self.articles_loaded + self.articles_unchanged + self.records_quarantined
        )

    def report_lines(self) -> list[str]:
        """The reconciliation and counts, as the CLI prints them and the flow logs them."""
        lines = [
            f"load {self.load_id}: {self.status} in {self.seconds:.1f}s",
            f"read {self.records_read} = loaded {self.articles_loaded} "
            f"+ unchanged {self.articles_unchanged} + quarantined {self.records_quarantined}"
            + ("" if self.reconciles else "  (DOES NOT RECONCILE)"),
        ]
        if self.replaced:
            lines.append(f"replaced {self.replaced} changed or reprocessed articles")
        if self.rows:
            lines.append(
                "rows: "
                + ", ".join(f"{k} {v}" for k, v in sorted(self.rows.items()) if k != "loads")
            )
        if self.quarantine_reasons:
            lines.append(
                "quarantine: "
                + ", ".join(f"{k} {v}" for k, v in sorted(self.quarantine_reasons.items()))
            )
        if self.recovered_loads:
            lines.append("recovered interrupted loads: " + ", ".join(self.recovered_loads))
        if self.docs_index:
            lines.append(f"data docs: {self.docs_index}")
        lines.append(f"warehouse: {self.warehouse}")
        return lines

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["reconciles"] = self.reconciles
        return d
