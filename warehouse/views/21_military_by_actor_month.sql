-- military_by_actor_month: military figures by actor, category and month.
-- Columns: actor_entity_id, actor_name, actor_iso3 (NULL actor: the sentence
-- names none), category, unit, month (DATE), figures (count of mentions),
-- total_value (sum of value: counts of `unit`; for spending, money in mixed
-- currencies is NOT summed here, see stg_money for USD), max_value.
CREATE OR REPLACE VIEW military_by_actor_month AS
SELECT
    actor_entity_id,
    actor_name,
    actor_iso3,
    category,
    unit,
    published_month AS month,
    count(*) AS figures,
    sum(value) FILTER (WHERE category <> 'spending') AS total_value,
    max(value) AS max_value
FROM stg_military
GROUP BY ALL;
