-- figures_with_sentence: every money and military figure with the sentence it
-- stands in, for reading a number in context and checking it.
-- kind: 'money' | 'military'; value in units of currency (money) or a count of
-- unit (military); sentence: articles.text between sentence_start and
-- sentence_end (DuckDB substr is 1-based, offsets are 0-based).
CREATE OR REPLACE VIEW figures_with_sentence AS
SELECT
    'money' AS kind, m.article_id, m.start_char, m.end_char, m.text, m.value,
    m.currency, NULL::VARCHAR AS unit, NULL::VARCHAR AS category, NULL::VARCHAR AS actor_name,
    substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence
FROM money_figures AS m JOIN articles AS a USING (article_id)
UNION ALL
SELECT
    'military' AS kind, f.article_id, f.start_char, f.end_char, f.text, f.value,
    f.currency, f.unit, f.category, f.actor_name,
    substr(a.text, f.sentence_start + 1, f.sentence_end - f.sentence_start) AS sentence
FROM military_figures AS f JOIN articles AS a USING (article_id);
