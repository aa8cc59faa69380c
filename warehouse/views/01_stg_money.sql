-- stg_money: money figures with their article's month and sentence.
-- value: units of `currency`; value_usd: US dollars at the ECB rate of fx_date
-- (NULL when the currency is unknown or the article has no date); payer_* /
-- payee_*: who pays and who receives, NULL where the sentence does not say.
CREATE OR REPLACE VIEW stg_money AS
SELECT
    m.article_id,
    m.start_char,
    m.end_char,
    m.text,
    m.value,
    m.currency,
    m.low,
    m.high,
    m.qualifier,
    m.value_usd,
    m.fx_rate,
    m.fx_date,
    m.payer_entity_id,
    m.payer_name,
    m.payee_entity_id,
    m.payee_name,
    m.sentence_start,
    m.sentence_end,
    a.published_month,
    a.month_is_ingest
FROM money_figures AS m
JOIN stg_articles AS a USING (article_id);
