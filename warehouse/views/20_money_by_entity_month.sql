-- money_by_entity_month: money mentioned in the same sentence as an entity,
-- per entity and publication month.
-- Columns: entity_id, name, label, month (DATE, first of month), figures (count),
-- usd_total (US dollars, sum of value_usd; figures without a USD value are
-- counted in figures_without_usd and left out of the sum, never guessed).
-- A figure whose sentence names two entities counts once for each of them.
CREATE OR REPLACE VIEW money_by_entity_month AS
WITH pairs AS (
    SELECT DISTINCT e.entity_id, m.article_id, m.start_char, m.value_usd, m.published_month
    FROM stg_money AS m
    JOIN entity_mentions AS e
      ON e.article_id = m.article_id
     AND e.start_char >= m.sentence_start
     AND e.end_char <= m.sentence_end
)
SELECT
    p.entity_id,
    n.name,
    n.label,
    p.published_month AS month,
    count(*) AS figures,
    sum(p.value_usd) AS usd_total,
    count(*) FILTER (WHERE p.value_usd IS NULL) AS figures_without_usd
FROM pairs AS p
JOIN entities AS n USING (entity_id)
GROUP BY ALL;
