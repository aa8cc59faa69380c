"""EntityRuler patterns for high-value names the small model misses.

The patterns live in ``transforms/data/entity_patterns.jsonl`` (data, versioned
in the repo); this module only attaches them to a pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

PATTERNS_PATH = Path(__file__).parent.parent / "data" / "entity_patterns.jsonl"


def add_entity_ruler(nlp: Language) -> None:
    """Add an EntityRuler before NER so listed names win over the model's guesses."""
    if "entity_ruler" in nlp.pipe_names or not PATTERNS_PATH.exists():
        return
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    # The ruler matches phrase patterns on ORTH (its default ``phrase_matcher_attr``),
    # which only the tokenizer sets, yet ``add_patterns`` runs every component before it
    # (tok2vec, tagger, parser, attribute ruler, lemmatizer) over the 230 pattern texts:
    # about 0.05 of 0.46 CPU s of each worker's load. With the components off, the pattern docs
    # have the same tokens, so the matcher holds the same patterns.
    with nlp.select_pipes(enable=[]):
        ruler.from_disk(PATTERNS_PATH)  # type: ignore[attr-defined]
