-- stg_military: military figures with their article's month.
-- value: a count of `unit` (for category = 'spending', an amount in `currency`).
-- actor_* / counterpart_*: the two sides of the act (NULL: the text names none);
-- scope: 'event' | 'cumulative' (a running total) | NULL (unclear).
CREATE OR REPLACE VIEW stg_military AS
SELECT
    f.article_id,
    f.start_char,
    f.end_char,
    f.text,
    f.value,
    f.low,
    f.high,
    f.qualifier,
    f.unit,
    f.category,
    f.actor_entity_id,
    f.actor_name,
    f.actor_iso3,
    f.currency,
    f.counterpart_entity_id,
    f.counterpart_name,
    f.counterpart_iso3,
    f.scope,
    f.sentence_start,
    f.sentence_end,
    a.published_month,
    a.month_is_ingest
FROM military_figures AS f
JOIN stg_articles AS a USING (article_id);
