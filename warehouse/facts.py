"""Duplicates and facts, refreshed inside a load's transaction.

``refresh(con, article_ids)`` runs after a load has written its articles and
figure rows and before it commits, on the load's own connection, so a load
and its facts commit (or roll back) together. It uses plain SQL on the
unqualified table names and relies on no key, constraint or index.

1. Duplicates. The touched articles' normalised-text hash and MinHash bands
   replace theirs in ``article_bands``; one join of their bands against the
   table finds every candidate, so the cost follows the load, not the
   warehouse. Each candidate is checked on its exact shingle sets
   (``transforms.facts.dedup``). ``articles.duplicate_of`` points to the
   first-seen copy: first seen = the earliest load (``loads.started_at``),
   then source and source id. Articles whose original was touched are
   re-checked too.
2. Facts. Every fact key (value and currency; value, unit and category)
   stated by a touched or re-checked article, or held by a fact whose figure
   rows changed (a replaced article's rows are gone), is rebuilt from all the
   figure rows with that key (``transforms.facts.merge``): its facts are
   deleted and written again and its figure rows get their ``fact_id``. So a
   replaced article leaves no orphan fact and no stale count.

``refresh_all`` does the same for every article (bench/facts_cost.py times it).
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pyarrow as pa

from transforms.facts import dedup
from transforms.facts.merge import Fact, Mention, context_words, merge
from warehouse.schema import TABLES

# Characters either side of a figure read as its context when the extractor
# stored no sentence bounds (about one sentence of news prose).
CONTEXT_CHARS = 150


@dataclass
class RefreshReport:
    articles_checked: int = 0
    exact_copies: int = 0
    near_copies: int = 0
    candidate_pairs: int = 0
    money_keys: int = 0
    military_keys: int = 0
    money_facts: int = 0
    military_facts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    return con.execute(sql, list(params)).fetchall()


def _register_ids(con: duckdb.DuckDBPyConnection, name: str, ids: Iterable[str]) -> None:
    con.register(name, pa.table({"article_id": pa.array(sorted(set(ids)), pa.string())}))


def _order_keys(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, tuple[Any, ...]]:
    """First-seen order key of the articles listed in the registered ``table``."""
    rows = _rows(
        con,
        "SELECT a.article_id, l.started_at, a.source, a.source_id FROM articles a "
        f"JOIN {table} t USING (article_id) LEFT JOIN loads l ON l.load_id = a.load_id",
    )
    return {r[0]: (r[1] is None, r[1], r[2], r[3], r[0]) for r in rows}


# ------------------------------------------------------------------ duplicates


def _write_bands(
    con: duckdb.DuckDBPyConnection, texts: dict[str, str]
) -> dict[str, dedup.Fingerprint]:
    """Replace the touched articles' rows of article_bands; returns their fingerprints."""
    con.execute("DELETE FROM article_bands WHERE article_id IN (SELECT article_id FROM _touched)")
    prints = {aid: dedup.fingerprint(text) for aid, text in texts.items()}
    ids: list[str] = []
    bands: list[int] = []
    hashes: list[int] = []
    for aid, fp in prints.items():
        for band, h in fp.rows():
            ids.append(aid)
            bands.append(band)
            hashes.append(h)
    data = pa.table(
        {
            "article_id": ids,
            "band": pa.array(bands, pa.int64()),
            "hash": pa.array(hashes, pa.int64()),
        }
    )
    con.register("_bands", data)
    try:
        con.execute("INSERT INTO article_bands SELECT article_id, band, hash FROM _bands")
    finally:
        con.unregister("_bands")
    return prints


def _texts_to_check(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Text of the touched articles and of the copies of a touched or vanished one."""
    texts = dict(
        _rows(con, "SELECT article_id, text FROM articles JOIN _touched USING (article_id)")
    )
    texts.update(
        _rows(
            con,
            "SELECT a.article_id, a.text FROM articles a WHERE a.duplicate_of IN "
            "(SELECT article_id FROM _touched) OR (a.duplicate_of IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM articles o WHERE o.article_id = a.duplicate_of))",
        )
    )
    return texts


def _write_duplicates(con: duckdb.DuckDBPyConnection, found: dict[str, dedup.Match | None]) -> None:
    ids = list(found)
    con.register(
        "_dups",
        pa.table(
            {
                "article_id": pa.array(ids, pa.string()),
                "duplicate_of": pa.array([m and m.original for m in found.values()], pa.string()),
                "duplicate_kind": pa.array([m and m.kind for m in found.values()], pa.string()),
                "duplicate_jaccard": pa.array(
                    [m and m.jaccard for m in found.values()], pa.float64()
                ),
            }
        ),
    )
    try:
        con.execute(
            "UPDATE articles SET duplicate_of = d.duplicate_of, duplicate_kind = d.duplicate_kind, "
            "duplicate_jaccard = d.duplicate_jaccard FROM _dups d "
            "WHERE articles.article_id = d.article_id"
        )
    finally:
        con.unregister("_dups")


def _dedup(con: duckdb.DuckDBPyConnection, report: RefreshReport) -> set[str]:
    """Re-decide duplicate_of for the touched articles and those copying them.

    Returns the ids whose duplicate_of was (re)decided.
    """
    texts = _texts_to_check(con)
    touched = _touched_ids(con)
    prints = _write_bands(con, {a: t for a, t in texts.items() if a in touched})
    checked = set(texts)
    _register_ids(con, "_checked", checked)
    pairs = _rows(
        con,
        # The checked articles' bands first: the hash table is built on them,
        # and the whole index is scanned once (measured 3x faster than joining
        # the index to itself).
        "SELECT DISTINCT b.article_id, o.article_id FROM (SELECT * FROM article_bands "
        "WHERE article_id IN (SELECT article_id FROM _checked)) b "
        "JOIN article_bands o ON o.hash = b.hash AND o.band = b.band "
        "WHERE o.article_id <> b.article_id",
    )
    report.candidate_pairs = len(pairs)
    _register_ids(con, "_involved", {o for _, o in pairs} | checked)
    order = _order_keys(con, "_involved")
    info = {
        r[0]: (r[1], r[2])
        for r in _rows(
            con,
            "SELECT article_id, text, duplicate_of FROM articles JOIN _involved USING (article_id)",
        )
    }
    cands: dict[str, list[str]] = defaultdict(list)
    for a, o in pairs:
        if o in order and a in order and order[o] < order[a]:
            cands[a].append(o)
    root: dict[str, str | None] = {aid: dup for aid, (_, dup) in info.items()}
    found: dict[str, dedup.Match | None] = {}
    # First-seen order: an earlier article's new decision is its copies' root.
    for aid in sorted(checked & set(order), key=order.__getitem__):
        fp = prints.get(aid) or dedup.fingerprint(texts[aid])
        ordered = sorted(cands.get(aid, []), key=order.__getitem__)
        match = dedup.best_match(
            fp, [(o, root[o] or o) for o in ordered], {o: info[o][0] for o in ordered}
        )
        root[aid] = match.original if match else None
        found[aid] = match
    _write_duplicates(con, found)
    report.articles_checked = len(found)
    report.exact_copies = sum(1 for m in found.values() if m and m.kind == "exact")
    report.near_copies = sum(1 for m in found.values() if m and m.kind == "near")
    return checked


def _touched_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in _rows(con, "SELECT article_id FROM _touched")}


# ----------------------------------------------------------------------- facts


@dataclass(frozen=True)
class _Kind:
    """How one figure table maps onto facts."""

    name: str  # money | military
    figures: str
    facts: str
    key_cols: tuple[str, ...]  # columns of the fact key in both tables
    slot_cols: tuple[str, ...]  # entity-id / scope slots, in Mention.slots order
    # Columns copied from the member that stated a slot: slot -> columns.
    slot_names: dict[str, tuple[str, ...]]


MONEY = _Kind(
    name="money",
    figures="money_figures",
    facts="money_facts",
    key_cols=("value", "currency"),
    slot_cols=("payer_entity_id", "payee_entity_id"),
    slot_names={"payer_entity_id": ("payer_name",), "payee_entity_id": ("payee_name",)},
)
MILITARY = _Kind(
    name="military",
    figures="military_figures",
    facts="military_facts",
    key_cols=("value", "unit", "category", "currency"),
    slot_cols=("actor_entity_id", "counterpart_entity_id", "scope"),
    slot_names={
        "actor_entity_id": ("actor_name", "actor_iso3"),
        "counterpart_entity_id": ("counterpart_name", "counterpart_iso3"),
        "scope": (),
    },
)


def _key_match(kind: _Kind, left: str, right: str, *, group: bool = True) -> str:
    cols = [*kind.key_cols, "merge_group"] if group else list(kind.key_cols)
    return " AND ".join(f"{left}.{c} IS NOT DISTINCT FROM {right}.{c}" for c in cols)


# The merge group of a figure row ``g`` of article ``a`` (transforms.facts.merge.
# merge_group_of): '' when its root article is dated, else the root's id.
_GROUP_SQL = (
    "CASE WHEN r.published_at IS NOT NULL THEN '' "
    "ELSE coalesce(a.duplicate_of, a.article_id) END AS merge_group"
)
_ROOT_JOIN = (
    "JOIN articles a USING (article_id) "
    "LEFT JOIN articles r ON r.article_id = coalesce(a.duplicate_of, a.article_id)"
)


def _affected_keys(con: duckdb.DuckDBPyConnection, kind: _Kind) -> int:
    """Register ``_keys``: (key, merge_group) to re-merge.

    The groups of the rows of ``_redo`` articles, the groups of the facts
    those rows belonged to until now, and those of facts whose row count no
    longer matches (a replaced article's rows are gone).
    """
    fcols = ", ".join(f"f.{c}" for c in kind.key_cols)
    gcols = ", ".join(f"g.{c}" for c in kind.key_cols)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _keys AS "
        f"SELECT DISTINCT {gcols}, {_GROUP_SQL} FROM {kind.figures} g "
        f"JOIN _redo USING (article_id) {_ROOT_JOIN} "
        f"UNION SELECT {fcols}, f.merge_group FROM {kind.facts} f WHERE f.fact_id IN "
        f"(SELECT fact_id FROM {kind.figures} JOIN _redo USING (article_id)) "
        f"UNION SELECT {fcols}, f.merge_group FROM {kind.facts} f LEFT JOIN "
        f"(SELECT fact_id, count(*) AS n FROM {kind.figures} WHERE fact_id IS NOT NULL "
        f"GROUP BY fact_id) c USING (fact_id) WHERE coalesce(c.n, 0) <> f.figure_rows"
    )
    return int(_rows(con, "SELECT count(*) FROM _keys")[0][0])


def _outlet(source: str, url: str | None) -> str:
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return source


def _unit(kind: _Kind, r: dict[str, Any]) -> str | None:
    """The merge's unit: the currency (money); the noun and any currency (military)."""
    if kind.name == "money":
        return r["currency"]
    return f"{r['unit']}/{r['currency']}" if r["currency"] else r["unit"]


def _extra_cols(kind: _Kind) -> list[str]:
    return [c for names in kind.slot_names.values() for c in names]


def _fact_rows(
    kind: _Kind, facts: list[Fact], rows: dict[tuple[str, int], dict[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for f in facts:
        first = f.members[0]
        head = rows[(first.article_id, first.start_char)]
        row: dict[str, Any] = {c: head[c] for c in kind.key_cols}
        members = [rows[(m.article_id, m.start_char)] for m in f.members]
        for slot, value in zip(kind.slot_cols, f.slots, strict=True):
            row[slot] = value
            stated = next((r for r in members if value is not None and r[slot] == value), None)
            for c in kind.slot_names[slot]:
                row[c] = stated[c] if stated else None
        if kind.name == "money":
            usd = [rows[(m.article_id, m.start_char)]["value_usd"] for m in f.counted]
            row["value_usd"] = next((u for u in usd if u is not None), None)
        first_seen = f.first_seen()
        month_of = first_seen or min(r["ingested_at"] for r in members)
        row.update(
            fact_id=f.fact_id,
            first_seen=first_seen,
            last_seen=f.last_seen(),
            month=month_of.date().replace(day=1) if month_of else None,
            mentions=f.mentions(),
            articles=f.articles(),
            sources=f.sources(),
            figure_rows=len(f.members),
            first_article_id=first.article_id,
            first_start_char=first.start_char,
            merge_group=first.group,
        )
        out.append(row)
    return out


def _refresh_kind(con: duckdb.DuckDBPyConnection, kind: _Kind) -> tuple[int, int]:
    """Rebuild the facts of every key in ``_keys``; returns (keys, facts written)."""
    n_keys = _affected_keys(con, kind)
    con.execute(
        f"DELETE FROM {kind.facts} WHERE EXISTS (SELECT 1 FROM _keys k "
        f"WHERE {_key_match(kind, kind.facts, 'k')})"
    )
    have = TABLES[kind.figures].schema.names
    extra = [c for c in (*_extra_cols(kind), "currency", "value_usd") if c in have]
    cols = list(
        dict.fromkeys(["article_id", "start_char", *kind.key_cols, *kind.slot_cols, *extra])
    )
    sel = ", ".join(f"g.{c}" for c in cols)
    keys = ", ".join(kind.key_cols)
    data = con.execute(
        f"WITH cand AS (SELECT {sel}, a.published_at, a.ingested_at, a.duplicate_of, "
        f"a.source, a.url, {_GROUP_SQL}, "
        # The figure's sentence (or a window around it): evidence of the same act.
        "CASE WHEN g.sentence_start IS NOT NULL "
        "THEN substr(a.text, g.sentence_start + 1, g.sentence_end - g.sentence_start) "
        f"ELSE substr(a.text, greatest(g.start_char - {CONTEXT_CHARS}, 0) + 1, "
        f"{2 * CONTEXT_CHARS}) END AS sentence "
        f"FROM {kind.figures} g JOIN (SELECT DISTINCT {keys} FROM _keys) kk "
        f"ON {_key_match(kind, 'g', 'kk', group=False)} {_ROOT_JOIN}) "
        f"SELECT cand.* FROM cand JOIN _keys k ON {_key_match(kind, 'cand', 'k')}"
    ).fetch_arrow_table()
    rows_list = data.to_pylist()
    con.register("_members", pa.table({"article_id": data.column("article_id")}))
    order = _order_keys(con, "(SELECT DISTINCT article_id FROM _members)")
    con.unregister("_members")
    rank = {aid: i for i, aid in enumerate(sorted(order, key=order.__getitem__))}
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    mentions = []
    for r in rows_list:
        rows[(r["article_id"], r["start_char"])] = r
        mentions.append(
            Mention(
                article_id=r["article_id"],
                start_char=r["start_char"],
                kind=kind.name,
                value=r["value"],
                unit=_unit(kind, r),
                category="money" if kind.name == "money" else r["category"],
                slots=tuple(r[c] for c in kind.slot_cols),
                published_at=r["published_at"],
                article_rank=rank[r["article_id"]],
                copy_of=r["duplicate_of"],
                outlet=_outlet(r["source"], r["url"]),
                context=context_words(r["sentence"] or ""),
                group=r["merge_group"],
            )
        )
    facts = merge(mentions)
    fact_rows = _fact_rows(kind, facts, rows)
    spec = TABLES[kind.facts]
    table = pa.Table.from_pylist(fact_rows, schema=spec.schema)
    names = ", ".join(spec.schema.names)
    con.register("_facts", table)
    try:
        con.execute(f"INSERT INTO {kind.facts} ({names}) SELECT {names} FROM _facts")
    finally:
        con.unregister("_facts")
    assign = pa.table(
        {
            "article_id": [m.article_id for f in facts for m in f.members],
            "start_char": pa.array([m.start_char for f in facts for m in f.members], pa.int64()),
            "fact_id": [f.fact_id for f in facts for m in f.members],
        }
    )
    con.register("_assign", assign)
    try:
        con.execute(
            f"UPDATE {kind.figures} SET fact_id = x.fact_id FROM _assign x "
            f"WHERE {kind.figures}.article_id = x.article_id "
            f"AND {kind.figures}.start_char = x.start_char"
        )
    finally:
        con.unregister("_assign")
    return n_keys, len(facts)


def _refresh(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> RefreshReport:
    report = RefreshReport()
    t0 = time.perf_counter()
    _register_ids(con, "_touched", ids)
    try:
        checked = _dedup(con, report)
        t1 = time.perf_counter()
        _register_ids(con, "_redo", checked)
        report.money_keys, report.money_facts = _refresh_kind(con, MONEY)
        report.military_keys, report.military_facts = _refresh_kind(con, MILITARY)
    finally:
        for name in ("_touched", "_checked", "_involved", "_redo"):
            with contextlib.suppress(duckdb.Error):
                con.unregister(name)
        con.execute("DROP TABLE IF EXISTS _keys")
    report.seconds = {"dedup": round(t1 - t0, 3), "facts": round(time.perf_counter() - t1, 3)}
    return report


def refresh(con: duckdb.DuckDBPyConnection, articles: pa.Table | None) -> RefreshReport:
    """Duplicates and facts for the articles a load wrote (inside its transaction).

    ``articles`` is the load's articles table (None or empty: nothing to do).
    """
    if articles is None or articles.num_rows == 0:
        return RefreshReport()
    return _refresh(con, [str(i) for i in articles.column("article_id").to_pylist()])


def refresh_all(con: duckdb.DuckDBPyConnection) -> RefreshReport:
    """Recompute every duplicate and fact from the rows held (inside a transaction)."""
    con.execute("DELETE FROM article_bands")
    con.execute("DELETE FROM money_facts")
    con.execute("DELETE FROM military_facts")
    con.execute(
        "UPDATE articles SET duplicate_of = NULL, duplicate_kind = NULL, duplicate_jaccard = NULL"
    )
    ids = [r[0] for r in _rows(con, "SELECT article_id FROM articles")]
    return _refresh(con, ids)
