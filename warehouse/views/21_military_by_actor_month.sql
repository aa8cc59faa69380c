-- military_by_actor_month: military FACTS (each figure counted once,
-- docs/facts.md) by actor, category, unit and month.
-- Columns:
--   actor_entity_id, actor_name, actor_iso3   NULL: the text names no actor
--   category, unit   as in military_figures
--   month            DATE, first of the UTC month of the fact's first publication
--                    (undated articles: the month they were ingested)
--   facts            count of military facts
--   event_total      sum of value (counts of `unit`) over facts with scope
--                    'event'; NULL for spending (mixed currencies) or none
--   unscoped_total   sum of value over facts whose scope no mention states
--                    (added to neither event_total nor latest_cumulative)
--   latest_cumulative  value of the last 'cumulative' fact (by last publication)
--                    in the month: a running total is never added up
--   max_value        largest single fact value (count of `unit`)
--   mentions         count of figure rows behind the facts (copies excluded)
CREATE OR REPLACE VIEW military_by_actor_month AS
SELECT
    actor_entity_id,
    actor_name,
    actor_iso3,
    category,
    unit,
    month,
    count(*) AS facts,
    sum(value) FILTER (WHERE scope = 'event' AND category <> 'spending') AS event_total,
    sum(value) FILTER (WHERE scope IS NULL AND category <> 'spending') AS unscoped_total,
    arg_max(value, (coalesce(last_seen, first_seen, TIMESTAMPTZ '1970-01-01'), fact_id))
        FILTER (WHERE scope = 'cumulative') AS latest_cumulative,
    max(value) AS max_value,
    sum(mentions) AS mentions
FROM military_facts
GROUP BY ALL;
