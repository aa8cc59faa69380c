-- stg_articles: one row per article with its publication month.
-- published_month: first day of the UTC month of published_at (NULL when the
-- source gave no date; such articles fall back to the month they were ingested,
-- flagged by month_is_ingest = true).
CREATE OR REPLACE VIEW stg_articles AS
SELECT
    article_id,
    source,
    source_id,
    title,
    published_at,
    ingested_at,
    date_trunc('month', coalesce(published_at, ingested_at) AT TIME ZONE 'UTC')::DATE AS published_month,
    published_at IS NULL AS month_is_ingest
FROM articles;
