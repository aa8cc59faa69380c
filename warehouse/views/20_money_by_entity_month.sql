-- money_by_entity_month: money FACTS (each figure counted once, docs/facts.md)
-- by who pays and who receives, per month.
-- Columns:
--   role            'payer' | 'payee': every fact appears once under each role,
--                   so the rows of one role add up to all money facts
--   entity_id, name, label
--                   the payer (or payee) the sentence states; NULL: the text
--                   names none (never guessed from mere presence in the sentence)
--   month           DATE, first of the UTC month of the fact's first publication
--                   (undated articles: the month they were ingested)
--   facts           count of money facts
--   usd_total       US dollars, sum of money_facts.value_usd; facts without a
--                   USD value are counted in facts_without_usd, never guessed
--   facts_without_usd  count
--   mentions        count of figure rows behind the facts (copies excluded)
--   articles        sum over facts of distinct counted articles
CREATE OR REPLACE VIEW money_by_entity_month AS
WITH roles AS (
    SELECT 'payer' AS role, payer_entity_id AS entity_id, payer_name AS role_name, *
    FROM money_facts
    UNION ALL
    SELECT 'payee' AS role, payee_entity_id AS entity_id, payee_name AS role_name, *
    FROM money_facts
)
SELECT
    r.role,
    r.entity_id,
    coalesce(n.name, r.role_name) AS name,
    n.label,
    r.month,
    count(*) AS facts,
    sum(r.value_usd) AS usd_total,
    count(*) FILTER (WHERE r.value_usd IS NULL) AS facts_without_usd,
    sum(r.mentions) AS mentions,
    sum(r.articles) AS articles
FROM roles AS r
LEFT JOIN entities AS n ON n.entity_id = r.entity_id
GROUP BY ALL;
