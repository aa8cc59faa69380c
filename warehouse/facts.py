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
2. Facts. The seed rows are the figure rows of the touched and re-checked
   articles and the rows of the facts they held (``before_delete`` notes the
   facts of rows a load is about to delete). For each (key, merge group) a
   seed is in, the light columns of its rows are read and split into
   components (``transforms.facts.merge.components``: no fact spans two);
   only the components with a seed are read in full, their facts deleted,
   merged again (``transforms.facts.merge``) and written, and their figure
   rows' ``fact_id`` set where it changed. So a replaced article leaves no
   orphan fact and no stale count, and no fact the load cannot meet is read.

Article text and figure rows are read by id (``list_contains`` with one list
parameter), never by a join that would read every article's text. What
grows with the warehouse is the scan of ``article_bands`` (the LSH lookup)
and the light rows that share a value with the load's figures.

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
from transforms.facts.merge import Fact, Mention, Placed, components, context_words, merge
from warehouse.schema import TABLES

# Characters either side of a figure read as its context when the extractor
# stored no sentence bounds (about one sentence of news prose).
CONTEXT_CHARS = 150
# Temp table of the fact ids whose rows a load is about to delete (before_delete).
_GONE = "_facts_gone"


@dataclass
class RefreshReport:
    articles_checked: int = 0
    exact_copies: int = 0
    near_copies: int = 0
    candidate_pairs: int = 0
    money_keys: int = 0
    military_keys: int = 0
    money_rows: int = 0  # figure rows re-merged
    military_rows: int = 0
    money_facts: int = 0
    military_facts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    return con.execute(sql, list(params)).fetchall()


def _register_ids(con: duckdb.DuckDBPyConnection, name: str, ids: Iterable[str]) -> None:
    con.register(name, pa.table({"article_id": pa.array(sorted(set(ids)), pa.string())}))


# Rows of a few articles: ``list_contains`` with the ids as one list parameter
# is evaluated on the id column before any other is read (measured on a
# 9,000-article lake: 0.012 s for the text of 100 articles, 0.09 s as a join
# with a registered table, which reads every text), so these reads follow the
# load, not the warehouse.
_OF_IDS = "list_contains(?, {col})"


def _of_ids(col: str = "article_id") -> str:
    return _OF_IDS.format(col=col)


def _order_keys(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
    """First-seen order key of the articles ``ids``.

    Two bounded reads, not a join: the articles themselves, then only their own
    ``loads`` rows, so the cost follows the load's size and not the number of
    loads the warehouse holds (a join scanned every ``loads`` row per commit).
    """
    rows = _rows(
        con,
        f"SELECT article_id, load_id, source, source_id FROM articles WHERE {_of_ids()}",
        [sorted(set(ids))],
    )
    load_ids = sorted({r[1] for r in rows if r[1] is not None})
    started: dict[Any, Any] = {}
    if load_ids:
        started = dict(
            _rows(
                con,
                "SELECT load_id, started_at FROM loads WHERE list_contains(?, load_id)",
                [load_ids],
            )
        )
    keys: dict[str, tuple[Any, ...]] = {}
    for article_id, load_id, source, source_id in rows:
        at = started.get(load_id)
        keys[article_id] = (at is None, at, source, source_id, article_id)
    return keys


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


def _texts_to_check(con: duckdb.DuckDBPyConnection, touched: set[str]) -> dict[str, str]:
    """Text of the touched articles and of the copies of a touched one.

    A removed article's id is touched too (its remover refreshes the ids it
    removed), so its copies are re-checked.
    """
    ids = sorted(touched)
    copies = [
        r[0]
        for r in _rows(
            con, f"SELECT article_id FROM articles WHERE {_of_ids('duplicate_of')}", [ids]
        )
    ]
    return dict(
        _rows(
            con,
            f"SELECT article_id, text FROM articles WHERE {_of_ids()}",
            [sorted({*ids, *copies})],
        )
    )


def _write_duplicates(con: duckdb.DuckDBPyConnection, found: dict[str, dedup.Match | None]) -> None:
    """Write the decisions that differ from what the articles hold (often none)."""
    if not found:
        return
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
            f"WHERE articles.article_id = d.article_id AND {_of_ids('articles.article_id')}",
            [ids],
        )
    finally:
        con.unregister("_dups")


def _dedup(con: duckdb.DuckDBPyConnection, report: RefreshReport) -> set[str]:
    """Re-decide duplicate_of for the touched articles and those copying them.

    Returns the ids whose duplicate_of was (re)decided.
    """
    touched = _touched_ids(con)
    texts = _texts_to_check(con, touched)
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
    involved = sorted({o for _, o in pairs} | checked)
    order = _order_keys(con, involved)
    info = {
        r[0]: (r[1], r[2], r[3], r[4])
        for r in _rows(
            con,
            "SELECT article_id, text, duplicate_of, duplicate_kind, duplicate_jaccard "
            f"FROM articles WHERE {_of_ids()}",
            [involved],
        )
    }
    cands: dict[str, list[str]] = defaultdict(list)
    for a, o in pairs:
        if o in order and a in order and order[o] < order[a]:
            cands[a].append(o)
    root: dict[str, str | None] = {aid: v[1] for aid, v in info.items()}
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
    held = {a: info[a][1:] for a in found}
    _write_duplicates(
        con,
        {
            a: m
            for a, m in found.items()
            if held[a] != ((m.original, m.kind, m.jaccard) if m else (None, None, None))
        },
    )
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


def _old_facts(con: duckdb.DuckDBPyConnection, kind: _Kind) -> None:
    """Register ``_old``: the facts of this kind to rebuild for sure.

    The facts the rows of ``_redo`` articles held until now, and those whose
    rows a load is about to delete (``before_delete`` noted them).
    """
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _old AS SELECT DISTINCT fact_id FROM {kind.figures} "
        "JOIN _redo USING (article_id) WHERE fact_id IS NOT NULL "
        f"UNION SELECT fact_id FROM {_GONE} WHERE fact_id IS NOT NULL"
    )


def _pool(con: duckdb.DuckDBPyConnection, kind: _Kind) -> list[dict[str, Any]]:
    """Light rows (no text) of every (key, merge group) a seed row is in.

    Seed rows: those of ``_redo`` articles and those of the ``_old`` facts.
    ``_keys`` is left registered: the (key, group) pairs.
    """
    gcols = ", ".join(f"g.{c}" for c in kind.key_cols)
    keys = ", ".join(kind.key_cols)
    seed = (
        "(g.article_id IN (SELECT article_id FROM _redo) "
        "OR g.fact_id IN (SELECT fact_id FROM _old))"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _keys AS SELECT DISTINCT {gcols}, {_GROUP_SQL} "
        f"FROM {kind.figures} g {_ROOT_JOIN} WHERE {seed}"
    )
    data = con.execute(
        f"WITH cand AS (SELECT g.article_id, g.start_char, g.fact_id, {gcols}, "
        f"a.published_at, a.duplicate_of, {_GROUP_SQL}, {seed} AS seed "
        f"FROM {kind.figures} g JOIN (SELECT DISTINCT {keys} FROM _keys) kk "
        f"ON {_key_match(kind, 'g', 'kk', group=False)} {_ROOT_JOIN}) "
        f"SELECT cand.* FROM cand JOIN _keys k ON {_key_match(kind, 'cand', 'k')}"
    ).fetch_arrow_table()
    return data.to_pylist()


def _selected(kind: _Kind, pool: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pool rows in a component (``transforms.facts.merge.components``) with a seed."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in pool:
        groups[(*(r[c] for c in kind.key_cols), r["merge_group"])].append(r)
    out: list[dict[str, Any]] = []
    for rows in groups.values():
        comp = components(
            [Placed(r["article_id"], r["duplicate_of"], r["published_at"]) for r in rows]
        )
        keep = {c for c, r in zip(comp, rows, strict=True) if r["seed"]}
        out.extend(r for c, r in zip(comp, rows, strict=True) if c in keep)
    return out


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


def _members(
    con: duckdb.DuckDBPyConnection, kind: _Kind, selected: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Full rows (with the figure's sentence) of the selected figure rows."""
    have = TABLES[kind.figures].schema.names
    extra = [c for c in (*_extra_cols(kind), "currency", "value_usd") if c in have]
    cols = list(
        dict.fromkeys(["article_id", "start_char", *kind.key_cols, *kind.slot_cols, *extra])
    )
    sel = ", ".join(f"g.{c}" for c in cols)
    ids = sorted({r["article_id"] for r in selected})
    con.register(
        "_sel",
        pa.table(
            {
                "article_id": pa.array([r["article_id"] for r in selected], pa.string()),
                "start_char": pa.array([r["start_char"] for r in selected], pa.int64()),
                "merge_group": pa.array([r["merge_group"] for r in selected], pa.string()),
            }
        ),
    )
    try:
        data = con.execute(
            f"WITH g AS (SELECT * FROM {kind.figures} WHERE {_of_ids()}), "
            "a AS (SELECT article_id, published_at, ingested_at, duplicate_of, source, url, "
            f"text FROM articles WHERE {_of_ids()}) "
            f"SELECT {sel}, a.published_at, a.ingested_at, a.duplicate_of, a.source, a.url, "
            "s.merge_group, "
            # The figure's sentence (or a window around it): evidence of the same act.
            "CASE WHEN g.sentence_start IS NOT NULL "
            "THEN substr(a.text, g.sentence_start + 1, g.sentence_end - g.sentence_start) "
            f"ELSE substr(a.text, greatest(g.start_char - {CONTEXT_CHARS}, 0) + 1, "
            f"{2 * CONTEXT_CHARS}) END AS sentence "
            "FROM g JOIN _sel s USING (article_id, start_char) JOIN a USING (article_id)",
            [ids, ids],
        ).fetch_arrow_table()
    finally:
        con.unregister("_sel")
    return data.to_pylist()


def _mentions(
    con: duckdb.DuckDBPyConnection, kind: _Kind, rows_list: list[dict[str, Any]]
) -> list[Mention]:
    order = _order_keys(con, (r["article_id"] for r in rows_list))
    rank = {aid: i for i, aid in enumerate(sorted(order, key=order.__getitem__))}
    return [
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
        for r in rows_list
    ]


def _write_facts(
    con: duckdb.DuckDBPyConnection,
    kind: _Kind,
    facts: list[Fact],
    rows: list[dict[str, Any]],
    held: dict[tuple[str, int], str | None],
) -> None:
    """Insert ``facts``; set the ``fact_id`` of the figure rows whose id changed
    (``held``: the ids the rows carry now)."""
    by_pos = {(r["article_id"], r["start_char"]): r for r in rows}
    spec = TABLES[kind.facts]
    table = pa.Table.from_pylist(_fact_rows(kind, facts, by_pos), schema=spec.schema)
    names = ", ".join(spec.schema.names)
    con.register("_facts", table)
    try:
        con.execute(f"INSERT INTO {kind.facts} ({names}) SELECT {names} FROM _facts")
    finally:
        con.unregister("_facts")
    changed = [
        (m.article_id, m.start_char, f.fact_id)
        for f in facts
        for m in f.members
        if held.get((m.article_id, m.start_char)) != f.fact_id
    ]
    if not changed:
        return
    assign = pa.table(
        {
            "article_id": pa.array([c[0] for c in changed], pa.string()),
            "start_char": pa.array([c[1] for c in changed], pa.int64()),
            "fact_id": pa.array([c[2] for c in changed], pa.string()),
        }
    )
    con.register("_assign", assign)
    try:
        con.execute(
            f"UPDATE {kind.figures} SET fact_id = x.fact_id FROM _assign x "
            f"WHERE {kind.figures}.article_id = x.article_id "
            f"AND {kind.figures}.start_char = x.start_char "
            f"AND {_of_ids(kind.figures + '.article_id')}",
            [sorted({c[0] for c in changed})],
        )
    finally:
        con.unregister("_assign")


def _refresh_kind(con: duckdb.DuckDBPyConnection, kind: _Kind) -> tuple[int, int, int]:
    """Rebuild the facts the load can have changed; returns (keys, rows merged, facts written).

    Only the components (``transforms.facts.merge.components``) of the seed
    rows are re-merged: their facts and the ``_old`` ones are deleted and
    written again, so a fact no load row can meet is never read or written.
    """
    _old_facts(con, kind)
    selected = _selected(kind, _pool(con, kind))
    n_keys = int(_rows(con, "SELECT count(*) FROM _keys")[0][0])
    drop = sorted({r["fact_id"] for r in selected if r["fact_id"] is not None})
    con.register("_drop", pa.table({"fact_id": pa.array(drop, pa.string())}))
    try:
        con.execute(
            f"DELETE FROM {kind.facts} WHERE fact_id IN "
            "(SELECT fact_id FROM _drop UNION SELECT fact_id FROM _old)"
        )
    finally:
        con.unregister("_drop")
    if not selected:
        return n_keys, 0, 0
    rows = _members(con, kind, selected)
    facts = merge(_mentions(con, kind, rows))
    held = {(r["article_id"], r["start_char"]): r["fact_id"] for r in selected}
    _write_facts(con, kind, facts, rows, held)
    return n_keys, len(rows), len(facts)


def _refresh(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> RefreshReport:
    report = RefreshReport()
    t0 = time.perf_counter()
    _register_ids(con, "_touched", ids)
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_GONE} (fact_id VARCHAR)")
    try:
        checked = _dedup(con, report)
        t1 = time.perf_counter()
        _register_ids(con, "_redo", checked)
        report.money_keys, report.money_rows, report.money_facts = _refresh_kind(con, MONEY)
        report.military_keys, report.military_rows, report.military_facts = _refresh_kind(
            con, MILITARY
        )
    finally:
        for name in ("_touched", "_checked", "_redo"):
            with contextlib.suppress(duckdb.Error):
                con.unregister(name)
        for name in ("_keys", "_old", _GONE):
            con.execute(f"DROP TABLE IF EXISTS {name}")
    report.seconds = {"dedup": round(t1 - t0, 3), "facts": round(time.perf_counter() - t1, 3)}
    return report


def before_delete(con: duckdb.DuckDBPyConnection, articles: pa.Table | None) -> None:
    """Note the facts the rows of ``articles`` hold, before those rows are deleted.

    Call it in the transaction, before deleting an article's figure rows
    (a replaced or removed article); the next ``refresh`` rebuilds those
    facts, so none is left with a stale count or no row at all.
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_GONE} (fact_id VARCHAR)")
    if articles is None or articles.num_rows == 0:
        return
    _register_ids(con, "_gone_ids", [str(i) for i in articles.column("article_id").to_pylist()])
    try:
        for kind in (MONEY, MILITARY):
            con.execute(
                f"INSERT INTO {_GONE} SELECT DISTINCT fact_id FROM {kind.figures} "
                "JOIN _gone_ids USING (article_id) WHERE fact_id IS NOT NULL"
            )
    finally:
        con.unregister("_gone_ids")


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
