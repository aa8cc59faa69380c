"""Forms of one group's name: singular and plural ("Houthi" rebels, the "Houthis") are one entity.

A group is named by its plural noun ("the Houthis", "Rapid Support Forces") and
its singular doubles as the adjective ("Houthi rebels", "a Rapid Support Force
unit"); the model tags the two forms differently (ORG, NORP, even PERSON), and
they would get two ids. Inside an article (``_merge_plural_forms``) and across
the articles of a batch (``transforms.entities.linking``), a name and the same
name plus "s" become one organisation under the plural form.

Not merged: countries and demonyms (they have their own ids), places, known
given names and surnames of people the article names in full ("Evans" next to
"Chris Evans"), and pairs with no ORG mention at all ("Republican" and
"Republicans" tagged NORP stay groups of people).
"""

from __future__ import annotations

import re
from collections import Counter

from transforms.countries import fold_name, is_demonym, iso3_for
from transforms.entities.canonical import _Mention, _name_tokens
from transforms.entities.labels import _place_key_known
from transforms.entities.lexicon import _word_set, is_given_name

# A plural's last word needs at least this many letters before its "s": "USs",
# "EUs" and other short forms are no plurals of a name.
MIN_SINGULAR_LETTERS = 3

# Labels a group's name may carry in one of its forms (the model's slips).
_GROUP_FORM_LABELS = frozenset({"ORG", "NORP", "PERSON"})

# Plural nouns that end the names of armed and political groups.
_GROUP_PLURAL_HEADS = _word_set("group_plural_heads")

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def singular_key(key: str) -> str | None:
    """The folded singular of a folded plural name ("houthis" -> "houthi"), else None."""
    last = key.rsplit(" ", 1)[-1]
    if not last.endswith("s") or last.endswith("ss") or len(last) <= MIN_SINGULAR_LETTERS:
        return None
    return key[:-1]


def group_name(texts: list[str]) -> str:
    """The plural form as the article writes it most often, without a leading "the"."""
    counts = Counter(_LEADING_THE.sub("", t) for t in texts)
    return min(counts, key=lambda t: (-counts[t], t))


def _names_a_group(m: _Mention) -> bool:
    """ "the Houthis", "Rapid Support Forces": a plural with "the" or a group noun at its end."""
    if m.after_the or m.text.startswith("The "):
        return True
    return m.text.rsplit(" ", 1)[-1].lower() in _GROUP_PLURAL_HEADS


def _is_person_name(key: str, person_words: set[str]) -> bool:
    words = key.split()
    return len(words) == 1 and (key in person_words or is_given_name(key.title()))


def _merge_plural_forms(mentions: list[_Mention]) -> None:
    """Give the singular and plural forms of a group's name one ORG label and name.

    Runs after labels are settled and before canonical names are chosen: every
    mention of both forms becomes an ORG whose canonical name (``hint``) is the
    plural, when at least one mention of either form is an ORG, the singular
    is used as an adjective at least once ("Houthi rebels", "Houthi-held") and
    the plural reads as a group's name ("the Houthis", "... Forces").
    """
    forms: dict[str, list[_Mention]] = {}
    for m in mentions:
        if m.label not in _GROUP_FORM_LABELS or m.hint or m.title:
            continue
        if iso3_for(m.text) or is_demonym(m.text):
            continue
        key = fold_name(m.text)
        if key:
            forms.setdefault(key, []).append(m)
    if len(forms) < 2:
        return
    person_words = {
        w
        for m in mentions
        if m.label == "PERSON" and " " in m.text.strip()
        for w in _name_tokens(m.text)
    }
    for key, plural in forms.items():
        single = singular_key(key)
        singular = forms.get(single) if single else None
        if not singular or single is None:
            continue
        both = plural + singular
        if not any(m.label == "ORG" for m in both) or not any(m.modifier for m in singular):
            continue  # "Hama was shelled, Hamas said": a singular never used as an adjective
        if not any(_names_a_group(m) for m in plural):
            continue  # "Apple iPods", "Cell" chips: a product's plural, not a group's name
        if _is_person_name(key, person_words) or _is_person_name(single, person_words):
            continue
        if _place_key_known(singular[0].text) or _place_key_known(plural[0].text):
            continue  # "Hama" the city next to "Hamas"
        name = group_name([m.text for m in plural])
        for m in both:
            m.label, m.hint = "ORG", name
