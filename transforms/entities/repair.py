"""Span repair: the order in which the span components run over one parsed doc.

Model spans are trimmed and cut (``spans``), stripped of titles (``titles``),
grown (``extend``), relabelled (``labels``), merged with a neighbour where two
spans are one name, and completed with untagged names (``additions``).
"""

from __future__ import annotations

from typing import Any

from transforms.countries import fold_name, is_demonym, iso3_for
from transforms.entities.additions import (
    _add_appositive_orgs,
    _add_datelines,
    _add_described_people,
    _add_employer_orgs,
    _add_org_word_runs,
    _add_spelt_out_names,
    _add_untagged_acronyms,
    _add_untagged_clubs,
    _add_untagged_places,
    _link_bracket_acronyms,
)
from transforms.entities.extend import (
    _extend_and_name,
    _extend_given_name,
    _extend_hyphenated,
    _extend_known_name,
    _extend_legal_suffix,
    _extend_of_name,
    _extend_org_head_left,
    _extend_particles,
    _extend_saint_institution,
    _extend_untagged_proper,
)
from transforms.entities.filters import _drop_non_names
from transforms.entities.labels import (
    _CUE_ORG,
    _context_cue,
    _label_by_coordination,
    _looks_like_name,
    _relabel,
    _relabel_by_shape,
)
from transforms.entities.lexicon import (
    _CAPITAL_KIND_NOUNS,
    _POSSESSIVE_TOKENS,
    _SUBDIVISION_NOUNS,
    KEPT_LABELS,
    _label_data,
    _place_data,
    _rules,
    _word_set,
    is_given_name,
    org_name_for,
)
from transforms.entities.spans import _Span, _split, _split_hyphen_pair, _split_place_pair, _trim
from transforms.entities.titles import (
    _cut_trailing_title,
    _is_portfolio,
    _strip_portfolio,
    _strip_title,
    _titled_person,
    _trim_leading_noun,
)


def _merge_split_orgs(doc: Any, spans: list[_Span]) -> list[_Span]:
    """ "Social" + "Democratic Party": two ORG spans side by side are one name.

    Only with a single space between them on one line, the first no known
    organisation or EntityRuler match ("EU" + "Commission" stay apart), and the
    second capitalised; the merged name is the article's, not a pattern's. A
    known organisation with a language after it is one name too ("BBC Burmese").
    """
    out: list[_Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == "ORG"
            and span.label in ("ORG", "NORP")  # "Liberal" + "Democrat"
            and prev.end == span.start
            and doc[prev.end - 1].whitespace_ == " "
            and not prev.hint
            and doc[span.start].text[:1].isupper()
            and (not org_name_for(doc[prev.start : prev.end].text) or _language_service(doc, span))
        ):
            out[-1] = _Span(prev.start, span.end, "ORG", prev.title, None, cue=prev.cue or span.cue)
            continue
        out.append(span)
    return out


def _language_service(doc: Any, span: _Span) -> bool:
    """True when a one-word NORP span is a noun of its own, not an adjective.

    "BBC Burmese and other local media": a broadcaster's language service, one
    name; "EU Ukrainian refugees" has a noun after the adjective.
    """
    return (
        span.label == "NORP"
        and span.end - span.start == 1
        and (span.end >= len(doc) or doc[span.end].pos_ not in ("NOUN", "PROPN", "ADJ"))
    )


def _capital_subdivision_suffix(doc: Any, part: _Span) -> bool:
    """True for "<place name> State/Province/Region" after a possessive or a place preposition.

    "Sudan's North Darfur State", "in Blue Nile State": the capitalised noun
    only says what kind of place the words before it name. Known organisations
    ("Islamic State") and names opening with a demonym keep their words.
    """
    s, e = part.start, part.end
    if part.hint or e - s < 2 or s == 0 or doc[e - 1].lower_ not in _CAPITAL_KIND_NOUNS:
        return False
    last, prev = doc[e - 1].text, doc[s - 1]
    return (
        last[:1].isupper()
        and (prev.text in _POSSESSIVE_TOKENS or prev.lower_ in _label_data().place_prepositions)
        and not org_name_for(doc[s:e].text)
        and not is_demonym(doc[s].text)
        and all(t.tag_ == "NNP" for t in doc[s : e - 1])
    )


def _merge_country_prefixes(doc: Any, spans: list[_Span]) -> list[_Span]:
    """ "US" + "District Court" -> one ORG "US District Court".

    A country written right before an organisation's name (same line, one space)
    is part of that name, as the model sees for "UK Independence Party" but
    misses for "US Anti-Doping Agency".
    """
    spans = sorted(spans, key=lambda sp: sp.start)
    out: list[_Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == "GPE"
            and span.label == "ORG"
            and prev.end == span.start
            and doc[prev.end - 1].whitespace_ == " "
            and span.end - span.start >= 2
            and iso3_for(doc[prev.start : prev.end].text)
            and not org_name_for(doc[span.start : span.end].text)
        ):
            out[-1] = _Span(prev.start, span.end, "ORG", hint=span.hint)
            continue
        out.append(span)
    return out


def _listed_place_label(ent: Any) -> str | None:
    """GPE/LOC for a FAC or PRODUCT span that is a country or a listed place, else None."""
    text = ent.text
    if iso3_for(text) and not is_demonym(text):
        return "GPE"
    key = fold_name(text)
    places = _place_data()
    if key in places.regions:
        return "LOC"
    if key in places.towns or key in places.located:
        return "GPE"
    return None


def _sea_shaped(ent: Any) -> bool:
    """ "Gulf of Aden", "Strait of Hormuz": a geographic head, "of" and a name."""
    places = _place_data()
    words = [t.text for t in ent if t.lower_ != "the"]
    return (
        len(words) >= 3
        and words[0] in places.loc_first_words
        and words[1] == "of"
        and words[-1][:1].isupper()
    )


_SETTLEMENT_HEADS = _word_set("settlement_heads")


def _model_span(ent: Any, org_last: frozenset[str]) -> _Span | None:
    """The span repair starts from for one of the model's entities, or None to drop it."""
    if ent.label_ in KEPT_LABELS:
        return _Span(ent.start, ent.end, ent.label_, hint=ent.ent_id_ or None)
    if ent.label_ not in ("FAC", "PRODUCT"):
        return None
    if len(ent) > 1 and ent[-1].text in org_last:
        # "Northern Trains" tagged FAC, "Sky Television" tagged PRODUCT: a word
        # that only ends organisation names outweighs the model's guess.
        return _Span(ent.start, ent.end, "ORG")
    label = _listed_place_label(ent)
    if label is not None:
        return _Span(ent.start, ent.end, label)  # "Cyprus" PRODUCT, "the Upper Galilee" FAC
    if ent.label_ == "FAC" and _sea_shaped(ent):
        return _Span(ent.start, ent.end, "LOC")  # "the Gulf of Aden", "Strait of Hormuz"
    if (
        ent.label_ == "FAC"
        and len(ent) > 1
        and ent[0].text.istitle()
        and ent[0].lower_ in _SETTLEMENT_HEADS
    ):
        return _Span(ent.start, ent.end, "GPE")  # "Moshav Zarit", "Kibbutz Be'eri"
    return None


def _repaired_spans(doc: Any, text: str | None = None) -> list[_Span]:
    """All kept entity spans of ``doc`` after repair, in text order, non-overlapping."""
    org_last = _label_data().org_last_words
    raw = [span for ent in doc.ents if (span := _model_span(ent, org_last)) is not None]
    venues = _label_data().venues
    out: list[_Span] = []
    for span in raw:
        trimmed = _trim(doc, span)
        for part in _split(doc, trimmed):
            part = _trim(doc, part)
            if part.end <= part.start:
                continue
            if _is_portfolio(doc, part):
                continue  # "State" of "Secretary of State"
            part = _cut_trailing_title(doc, part)
            if (
                part.label in ("GPE", "LOC")
                and part.end - part.start > 1
                and doc[part.end - 1].lower_ in _SUBDIVISION_NOUNS
                and doc[part.end - 1].text.islower()
            ):
                # "Zambezia province": the noun says what kind of place it is.
                part = _Span(part.start, part.end - 1, part.label, part.title, part.hint)
            elif _capital_subdivision_suffix(doc, part):
                # "in Sudan's Blue Nile State" (tagged ORG): a place and its kind.
                part = _Span(part.start, part.end - 1, "GPE", part.title, part.hint)
            if part.label == "ORG":
                part = _extend_untagged_proper(doc, _extend_org_head_left(doc, part))
                part = _extend_of_name(doc, part)
                part = _extend_and_name(doc, part)
            part = _extend_known_name(doc, part)
            part = _extend_saint_institution(doc, part)
            part = _extend_legal_suffix(doc, part)
            part = _extend_hyphenated(doc, part)
            if not part.hint and fold_name(doc[part.start : part.end].text) in venues:
                continue  # "Old Trafford": a building, not an actor
            if _titled_person(doc, part):
                part = _Span(part.start, part.end, "PERSON", part.title, part.hint)
            if part.label == "PERSON":
                stripped = _strip_title(doc, part)
                if stripped is None:
                    continue
                part = _strip_portfolio(doc, stripped)
                part = _trim_leading_noun(doc, part)
                if part.title is None:
                    part = _extend_given_name(doc, part)
            if part.label in ("PERSON", "GPE", "LOC", "ORG") and part.end - part.start <= 3:
                part = _extend_particles(doc, part)
            if not _looks_like_name(doc, part):
                continue
            for piece in (
                p for q in _split_place_pair(doc, part) for p in _split_hyphen_pair(doc, q)
            ):
                piece.label = _relabel(doc[piece.start : piece.end].text, piece.label)
                piece.label = _relabel_by_shape(doc, piece)
                piece.cue = _context_cue(doc, piece)
                out.append(piece)
    out = _merge_country_prefixes(doc, out)
    # Extension can make spans overlap ("Ursula von der Leyen" and "Leyen"): keep
    # the longer one.
    out.sort(key=lambda sp: (sp.start, -(sp.end - sp.start)))
    kept: list[_Span] = []
    for span in out:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    kept = _merge_split_orgs(doc, kept)
    kept = _add_untagged_clubs(doc, kept)
    # Token texts once: the scans below look at capitalised words only, and
    # indexing the doc builds a Token object per access.
    if text is None:
        text = doc.text
    texts = [text[a : a + n] for a, n in doc.to_array(["IDX", "LENGTH"]).tolist()]
    caps = [i for i, w in enumerate(texts) if w[0].isupper()]
    kept = _add_untagged_acronyms(doc, kept, texts, caps)
    kept = _add_employer_orgs(doc, kept, texts, caps)
    kept = _add_org_word_runs(doc, kept, texts, caps)
    kept = _add_appositive_orgs(doc, kept, texts, caps)
    kept = _merge_country_suffix_orgs(doc, kept)
    kept = _add_untagged_places(doc, kept, texts, caps)
    kept = _add_spelt_out_names(doc, kept)
    kept = _add_datelines(doc, kept)
    kept = _add_described_people(doc, kept, texts, caps)
    kept = _drop_non_names(doc, kept, texts, text)
    _label_by_coordination(doc, kept)
    return _link_bracket_acronyms(doc, kept)


_COUNTRY_SUFFIXES = _word_set("country_suffixes")


def _merge_country_suffix_orgs(doc: Any, spans: list[_Span]) -> list[_Span]:
    """ "Reform UK", "Age UK": a proper noun the model left untagged, then "UK".

    The model tags only the country. A country code right after a capitalised
    proper noun in no entity of the model (so no month, title or name: "In March
    UK inflation") is the end of an organisation's name.
    """
    out: list[_Span] = []
    prev_end = 0
    for sp in spans:
        s = sp.start
        if (
            sp.end - s == 1
            and s >= 1
            and s - 1 >= prev_end
            and doc[s].text in _COUNTRY_SUFFIXES
            and (prev := doc[s - 1]).tag_ == "NNP"
            and prev.is_alpha
            and prev.text[:1].isupper()
            and not prev.ent_type_
            and (prev.lower_,) not in _rules().titles
            and not is_given_name(prev.text)
        ):
            sp = _Span(s - 1, sp.end, "ORG", cue=_CUE_ORG)
        out.append(sp)
        prev_end = sp.end
    return out
