-- facts_with_sources: every fact with the figure rows behind it, one row per
-- mention: its article, outlet and sentence, for checking how a fact was built.
-- Columns:
--   kind            'money' | 'military'
--   fact_id         money_facts / military_facts fact_id
--   value           units of currency (money) or a count of unit (military)
--   currency, unit, category   NULL where the kind has none
--   fact_articles, fact_sources, fact_mentions   the fact's counts (see the
--                   facts tables: copies excluded)
--   article_id, published_at, outlet (the URL's domain, else the source name)
--   duplicate_of    the article this one copies (its shared figures add nothing)
--   text            the figure as written; sentence: the sentence holding it
--                   (DuckDB substr is 1-based, offsets are 0-based)
CREATE OR REPLACE VIEW facts_with_sources AS
WITH members AS (
    SELECT 'money' AS kind, g.fact_id, f.value, f.currency, NULL::VARCHAR AS unit,
        NULL::VARCHAR AS category, f.articles AS fact_articles, f.sources AS fact_sources,
        f.mentions AS fact_mentions, g.article_id, g.start_char, g.text,
        g.sentence_start, g.sentence_end
    FROM money_figures AS g JOIN money_facts AS f USING (fact_id)
    UNION ALL
    SELECT 'military' AS kind, g.fact_id, f.value, f.currency, f.unit, f.category,
        f.articles, f.sources, f.mentions, g.article_id, g.start_char, g.text,
        g.sentence_start, g.sentence_end
    FROM military_figures AS g JOIN military_facts AS f USING (fact_id)
)
SELECT
    m.kind, m.fact_id, m.value, m.currency, m.unit, m.category,
    m.fact_articles, m.fact_sources, m.fact_mentions,
    m.article_id, a.published_at,
    coalesce(regexp_extract(a.url, '^[A-Za-z]+://(?:www\.)?([^/:?#]+)', 1), a.source) AS outlet,
    a.duplicate_of,
    m.start_char, m.text,
    substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence
FROM members AS m JOIN articles AS a USING (article_id);
