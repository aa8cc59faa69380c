-- entity_counts: how often each canonical entity is mentioned, for analysts.
-- One row per entity (entities.entity_id) that has at least one mention.
-- Columns:
--   entity_id      stable id (country:<ISO3>, norp:<ISO3>, or <group>:<hash>; see docs/entities.md)
--   name           canonical name ("Keir Starmer", "United States")
--   label          PERSON | ORG | GPE | LOC | NORP
--   iso3           ISO 3166-1 alpha-3 for countries and country demonyms, else NULL
--   country_iso3   ISO 3166-1 alpha-3 of the country a place is or lies in
--                  ("Kharkiv" -> UKR, "Ukraine" -> UKR), else NULL; a place inside a
--                  country keeps its own entity_id: group on this to combine them
--   articles       number of distinct articles mentioning the entity (count)
--   mentions       number of mentions in all articles (count); "Sir Keir", "Starmer"
--                  and "Keir Starmer" in one article are three mentions of one entity
--   surface_forms  number of distinct surface texts seen for the entity (count)
-- NORP entities ("Ukrainian", norp:UKR) are counted apart from the country
-- (country:UKR); join on iso3 to combine them.
CREATE OR REPLACE VIEW entity_counts AS
SELECT
    e.entity_id,
    e.name,
    e.label,
    e.iso3,
    e.country_iso3,
    count(DISTINCT m.article_id) AS articles,
    count(*) AS mentions,
    count(DISTINCT m.text) AS surface_forms
FROM entity_mentions AS m
JOIN entities AS e ON e.entity_id = m.entity_id
GROUP BY e.entity_id, e.name, e.label, e.iso3, e.country_iso3;
