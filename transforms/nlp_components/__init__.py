"""Drop-in spaCy components that compute what the model's own components compute, faster.

- ``attribute_table``: the model's ``attribute_ruler`` patterns compiled into lookup tables
  (one dictionary lookup per token instead of a Matcher pass and a Python call per match);
- ``lemmas``: the model's rule lemmatizer, reading its cache for a whole document at once.

``transforms.nlp.load_nlp`` swaps them in under the same names; the output is the same
token for token (``tests/transforms/test_nlp_components.py`` compares every token
attribute with the stock pipeline's on real text).
"""

from transforms.nlp_components.attribute_table import AttributeTable, use_attribute_table
from transforms.nlp_components.lemmas import DocLemmatizer, use_doc_lemmatizer

__all__ = ["AttributeTable", "DocLemmatizer", "use_attribute_table", "use_doc_lemmatizer"]
