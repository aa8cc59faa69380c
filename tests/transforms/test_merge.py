"""Facts from mentions: the merge rules of the annotation guidelines."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from transforms.facts.merge import (
    Mention,
    Placed,
    components,
    context_words,
    fact_id,
    merge,
    merge_group_of,
)

DAY0 = datetime(2024, 3, 1, 9, tzinfo=UTC)


def money(
    article: str,
    start: int,
    *,
    value: float = 1.6e9,
    currency: str | None = "GBP",
    payer: str | None = None,
    payee: str | None = None,
    day: int | None = 0,
    rank: int = 0,
    copy_of: str | None = None,
    outlet: str | None = None,
) -> Mention:
    return Mention(
        article_id=article,
        start_char=start,
        kind="money",
        value=value,
        unit=currency,
        category="money",
        slots=(payer, payee),
        published_at=None if day is None else DAY0 + timedelta(days=day),
        article_rank=rank,
        copy_of=copy_of,
        outlet=outlet or article,
    )


def test_same_article_repeats_are_one_fact() -> None:
    facts = merge([money("a", 0), money("a", 300), money("a", 900)])
    assert len(facts) == 1
    f = facts[0]
    assert (f.mentions(), f.articles(), f.sources()) == (3, 1, 1)


def test_different_value_or_currency_are_different_facts() -> None:
    facts = merge([money("a", 0), money("a", 10, value=1.7e9), money("a", 20, currency="USD")])
    assert len(facts) == 3


def test_across_articles_within_seven_days_merge_with_sources() -> None:
    ms = [money("a", 0, rank=0, outlet="bbc"), money("b", 5, day=6, rank=1, outlet="ft")]
    ms.append(money("c", 5, day=3, rank=2, outlet="bbc"))
    (f,) = merge(ms)
    assert (f.mentions(), f.articles(), f.sources()) == (3, 3, 2)
    assert f.first_seen() == DAY0 and f.last_seen() == DAY0 + timedelta(days=6)


def test_more_than_seven_days_apart_stay_apart() -> None:
    assert len(merge([money("a", 0, rank=0), money("b", 0, day=8, rank=1)])) == 2
    # The span of the whole fact counts, not the nearest member: a chain of
    # reports 5 days apart does not grow one fact past a week.
    chain = [money(x, 0, day=d, rank=i) for i, (x, d) in enumerate([("a", 0), ("b", 5), ("c", 10)])]
    assert sorted(f.articles() for f in merge(chain)) == [1, 2]


def test_undated_articles_merge_only_within_themselves() -> None:
    facts = merge([money("a", 0, day=None), money("a", 50, day=None), money("b", 0, day=None)])
    assert sorted(f.mentions() for f in facts) == [1, 2]
    # Nor with a dated report of the same figure.
    assert len(merge([money("a", 0, day=None), money("b", 0, rank=1)])) == 2


def test_unstated_role_does_not_keep_reports_apart_but_conflicting_roles_do() -> None:
    ms = [
        money("a", 0, payer="e:microsoft", rank=0),
        money("b", 0, rank=1),
        money("c", 0, payer="e:sony", rank=2),
    ]
    facts = merge(ms)
    assert len(facts) == 2
    by_payer = {f.slots[0]: f for f in facts}
    assert by_payer["e:microsoft"].articles() == 2
    assert by_payer["e:sony"].articles() == 1


def test_conflicting_figures_in_one_article_stay_separate() -> None:
    facts = merge([money("a", 0, payee="e:kyiv"), money("a", 90, payee="e:warsaw")])
    assert len(facts) == 2


def test_copies_add_nothing_for_shared_figures() -> None:
    ms = [
        money("orig", 0, day=None, rank=0),
        money("orig", 80, value=5e6, day=None, rank=0),
        money("copy", 0, day=None, rank=1, copy_of="orig"),
        money("copy", 80, value=5e6, day=None, rank=1, copy_of="orig"),
        money("copy", 99, day=None, rank=1, copy_of="orig"),  # a repeat in the copy
        money("copy", 400, value=7e6, day=None, rank=1, copy_of="orig"),  # only the copy
    ]
    facts = {f.key[1]: f for f in merge(ms)}
    assert facts[1.6e9].mentions() == 1 and facts[1.6e9].articles() == 1
    assert len(facts[1.6e9].members) == 3
    assert facts[5e6].mentions() == 1
    assert facts[7e6].articles() == 1 and facts[7e6].counted[0].article_id == "copy"


def test_fact_ids_are_deterministic_and_follow_the_earliest_mention() -> None:
    ms = [money("b", 7, day=1, rank=1), money("a", 3, rank=0)]
    (f1,) = merge(ms)
    (f2,) = merge(list(reversed(ms)))
    assert f1.fact_id == f2.fact_id == fact_id(f1.key, ms[1])
    assert f1.fact_id.startswith("mf")
    # Another earliest mention, another id.
    (f3,) = merge([money("b", 7, day=1, rank=1)])
    assert f3.fact_id != f1.fact_id


def test_military_slots_include_scope() -> None:
    def mil(article: str, rank: int, scope: str | None) -> Mention:
        return Mention(
            article_id=article,
            start_char=0,
            kind="military",
            value=120,
            unit="person",
            category="killed",
            slots=("country:UKR", None, scope),
            published_at=DAY0,
            article_rank=rank,
        )

    facts = merge([mil("a", 0, "event"), mil("b", 1, "cumulative"), mil("c", 2, None)])
    assert sorted(f.articles() for f in facts) == [1, 2]
    assert all(f.fact_id.startswith("xf") for f in facts)


def test_same_value_same_week_needs_a_shared_content_word() -> None:
    def with_ctx(article: str, rank: int, sentence: str) -> Mention:
        m = money(article, 0, value=1e4, currency="USD", rank=rank, day=rank)
        return replace(m, context=context_words(sentence))

    fine = with_ctx("a", 0, "A judge fines the appraiser $10,000 a day")
    offer = with_ctx("b", 1, "Newsom offers college students $10,000 for public service")
    again = with_ctx("c", 2, "Trump appraiser fined $10,000 for each day of contempt")
    facts = merge([fine, offer, again])
    assert sorted(f.articles() for f in facts) == [1, 2]
    # Magnitude, currency and function words are no evidence.
    assert context_words("The $10 million was paid on Monday in dollars") == frozenset({"paid"})


def test_merge_groups_never_meet() -> None:
    # An undated original's group holds its dated copy too; the dated pool is ''.
    assert merge_group_of("orig", root_dated=False) == "orig"
    assert merge_group_of("orig", root_dated=True) == ""
    pooled = money("a", 0, rank=0)
    family = replace(money("b", 0, rank=1, copy_of="u"), group="u")
    assert len(merge([pooled, family])) == 2
    assert len(merge([pooled, replace(family, group="")])) == 1


def _chain_mentions() -> list[Mention]:
    """Mentions of one key along a month: chains within 7 days, gaps, copies, undated copies."""
    days = [0, 3, 6, 12, 20, 21, 30, 36, 43, 44, 60]
    out = [money(f"a{i}", 5, day=d, rank=i) for i, d in enumerate(days)]
    out += [money("a1", 90, day=3, rank=1, payer="e1"), money("a4", 7, day=20, rank=4)]
    # A copy dated weeks after its original joins the original's fact.
    out.append(money("c0", 5, day=52, rank=20, copy_of="a0"))
    # An undated copy of a dated original, and one of an article with no such figure.
    out.append(money("u6", 5, day=None, rank=21, copy_of="a6"))
    out.append(money("u9", 5, day=None, rank=22, copy_of="zz"))
    return out


def test_components_split_the_pool_where_no_fact_can_span() -> None:
    ms = _chain_mentions()
    comp = components([Placed(m.article_id, m.copy_of, m.published_at) for m in ms])
    by_article = {m.article_id: c for m, c in zip(ms, comp, strict=True)}
    # Days 0, 3, 6, 12 | 20, 21 | 30, 36, 43, 44 (a gap of exactly 7 days joins) | 60.
    assert by_article["a0"] == by_article["a1"] == by_article["a2"] == by_article["a3"]
    assert by_article["a4"] == by_article["a5"] != by_article["a3"]
    assert by_article["a6"] == by_article["a7"] == by_article["a8"] == by_article["a9"]
    assert len({by_article[f"a{i}"] for i in range(11)}) == 4
    assert by_article["c0"] == by_article["a0"]  # a copy meets its original
    assert by_article["u6"] == by_article["a6"]
    assert by_article["u9"] not in {by_article[a] for a in by_article if a != "u9"}


def test_merging_components_one_by_one_gives_the_same_facts() -> None:
    ms = _chain_mentions()
    comp = components([Placed(m.article_id, m.copy_of, m.published_at) for m in ms])
    whole = merge(ms)
    parts = [
        f for c in set(comp) for f in merge([m for m, k in zip(ms, comp, strict=True) if k == c])
    ]
    key = lambda f: (f.fact_id, [(m.article_id, m.start_char) for m in f.members])  # noqa: E731
    assert sorted(map(key, parts)) == sorted(map(key, whole))
