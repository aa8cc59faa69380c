"""Conflict context: which cue words a sentence, the sentence before it and the whole article
carry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from transforms.military.lexicon import _DOC_CONFLICT_MIN, _Lexicon
from transforms.military.tokens import _phrase_in, _singular

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span


@dataclass(slots=True)
class _SentenceCues:
    conflict: set[str]  # strong or weak conflict cues in the sentence itself
    context_conflict: bool  # the sentence before, or the whole document, is about conflict
    non_conflict: set[str]  # accident / disaster / crime / disease cues in the sentence
    space: bool  # a space word in the sentence, or a space story with no war word here
    accident: bool  # an accident / disease word in the sentence (crash, accidentally ...)
    spending: set[str]
    captivity: bool
    military: bool  # a military word (army, navy, troops ...) in the sentence
    # the sentence before or the whole document speaks of forces or war: generic kit
    # words ("drones", "shells", "jets") count there, as in the sentence itself
    context_military: bool = False
    # the sentence returns, frees or hands over someone and the document speaks of
    # captivity (a prisoner swap): people handed over there were captives
    swap_release: bool = False


def _release_of(sent: Span, lex: _Lexicon) -> bool:
    """Whether the sentence speaks of "the release of" / "the return of" someone."""
    return any(
        t.lower_ in lex.release_nouns and t.i + 1 < sent.end and t.nbor(1).lower_ == "of"
        for t in sent
    )


class _DocCues:
    """Cue words per sentence of one doc, computed lazily and cached."""

    def __init__(self, doc: Doc, lex: _Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.by_sent: dict[int, _SentenceCues] = {}
        self._doc_conflict: bool | None = None
        self._doc_military: bool | None = None
        self._doc_captivity: bool | None = None
        self._doc_space = False

    def _words(self, sent: Span) -> tuple[set[str], str]:
        words = [t.lower_ for t in sent]
        return set(words) | {t.lemma_.lower() for t in sent}, " " + " ".join(words) + " "

    def _count_doc(self) -> None:
        """One pass over the document's words for both document-level cues."""
        lex = self.lex
        events = disasters = military = space = 0
        for word in self.doc.to_array("LOWER").tolist():
            if word in lex.space_ids:
                space += 1
            if word in lex.conflict_event_ids:
                events += 1
            elif word in lex.military_context_ids:
                military += 1
            if word in lex.non_conflict_ids:
                disasters += 1
        # a tsunami-relief story with troops in it is not a war story
        self._doc_conflict = events >= _DOC_CONFLICT_MIN and events > disasters
        # a defence-budget or arms-deal story has no battle words but military ones
        self._doc_military = self._doc_conflict or events + military >= _DOC_CONFLICT_MIN
        # a story of satellites and launches: its rockets go to orbit
        self._doc_space = space >= _DOC_CONFLICT_MIN and space > events

    def doc_conflict(self) -> bool:
        """Whether the document as a whole is a war / armed-attack story."""
        if self._doc_conflict is None:
            self._count_doc()
        return bool(self._doc_conflict)

    def doc_military(self) -> bool:
        """Whether the document is about armed forces or war."""
        if self._doc_military is None:
            self._count_doc()
        return bool(self._doc_military)

    def doc_space(self) -> bool:
        """Whether the document is about space flight (more space words than war words)."""
        if self._doc_conflict is None:
            self._count_doc()
        return self._doc_space

    def doc_captivity(self) -> bool:
        """Whether the document speaks of captivity anywhere (prisoners of war, a swap)."""
        if self._doc_captivity is None:
            words, text = self._words(self.doc[:])
            lex = self.lex
            self._doc_captivity = bool(
                words & lex.captivity_single or _phrase_in(text, lex.captivity_multi)
            )
        return self._doc_captivity

    def for_sent(self, sent: Span) -> _SentenceCues:
        cached = self.by_sent.get(sent.start)
        if cached is not None:
            return cached
        lex = self.lex
        words_set, text = self._words(sent)
        # surface forms only: "the tsunami which struck" must not read as a "strike"
        lower = {t.lower_ for t in sent}
        conflict_text = text
        for phrase in _phrase_in(text, lex.non_conflict_multi):
            # "a knife attack", "a cyber attack": the conflict word inside a crime or
            # non-war phrase is no conflict cue of its own
            conflict_text = conflict_text.replace(f" {phrase} ", " ")
        if conflict_text != text:
            lower = lower & set(conflict_text.split())
        conflict = (lower & lex.conflict_single) | _phrase_in(conflict_text, lex.conflict_multi)
        context = False
        context_military = False
        if sent.start > 0:
            # Conflict context often sits in the sentence before ("... ended in a
            # shootout. 4 Russians died"); accident cues only count in the sentence itself.
            prev_words, prev_text = self._words(self.doc[sent.start - 1].sent)
            context = bool(
                (prev_words & (lex.conflict_single - lex.weak_conflict))
                or _phrase_in(prev_text, lex.conflict_multi)
            )
            context_military = context or bool(
                prev_words & lex.military_single or _phrase_in(prev_text, lex.military_multi)
            )
        context = context or self.doc_conflict()
        # "suicide bomber", "car bomb": a conflict phrase's words are no accident cues
        accident_text = text
        for phrase in _phrase_in(text, lex.conflict_multi):
            accident_text = accident_text.replace(f" {phrase} ", " ")
        accident_words = set(accident_text.split()) if accident_text != text else words_set
        # "since the outbreak of war": a disease word inside a conflict phrase is no
        # non-conflict cue either
        non_conflict_words = accident_words if accident_text != text else words_set
        non_conflict = (non_conflict_words & lex.non_conflict_single) | _phrase_in(
            accident_text, lex.non_conflict_multi
        )
        spending = (words_set & lex.spending_single) | _phrase_in(text, lex.spending_multi)
        spending |= words_set & lex.model_names  # "a $2.6bn contract for 152 K9 howitzers"
        captivity = bool(words_set & lex.captivity_single or _phrase_in(text, lex.captivity_multi))
        if not captivity and lower & lex.exchange_words and sent.start > 0:
            # "In the last exchange, 115 defenders came home": a swap in a war story, or
            # after a sentence about captivity, is a prisoner swap
            prev_words, prev_text = self._words(self.doc[sent.start - 1].sent)
            captivity = self.doc_conflict() or bool(
                prev_words & lex.captivity_single or _phrase_in(prev_text, lex.captivity_multi)
            )
        if not captivity and _release_of(sent, lex):
            # "the release of 248 military personnel by Ukraine" in a POW-swap story
            captivity = self.doc_captivity()
        military = bool(words_set & lex.military_single or _phrase_in(text, lex.military_multi))
        accident_hits = (accident_words & lex.accident_words) | _phrase_in(
            accident_text, lex.accident_words
        )
        # "the Houthis have seized one ship, sunk two and killed four sailors": a
        # sinking next to a strong conflict cue is an attack, not an accident
        if (
            accident_hits
            and accident_hits <= lex.soft_accident_words
            and conflict - lex.weak_conflict
        ):
            accident_hits = set()
        cues = _SentenceCues(
            conflict=conflict,
            context_conflict=context,
            non_conflict=non_conflict,
            space=bool(words_set & lex.space_cues)
            # (a kit word such as "rockets" is no war word here)
            or (
                self.doc_space()
                and not {
                    w for w in conflict - lex.weak_conflict if _singular(w) not in lex.equipment
                }
            ),
            accident=bool(accident_hits),
            spending=spending,
            captivity=captivity,
            military=military,
            context_military=context_military or self.doc_military(),
            swap_release=bool(words_set & lex.captor_release_verbs) and self.doc_captivity(),
        )
        self.by_sent[sent.start] = cues
        return cues
