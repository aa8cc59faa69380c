"""What a bare four-digit year is, for every extractor.

A plain four-digit number in this range is read as a year where a year is the
likely reading: it does not end a money amount (``in 2005 $3bn``), it may stand
before a space-grouped number (``in 1999 250 000 people``), and a year tagged
as a date by spaCy is not a military count (``the September 2002 dossier``).
"""

from __future__ import annotations

# News text dates events from the 19th century (history pieces, anniversaries:
# "in 1854 600 cavalrymen charged") to the end of this one; a count or amount
# written with exactly four digits in this range and no separator is far more
# often a year than a quantity.
FIRST_YEAR = 1800
LAST_YEAR = 2099


def is_year(digits: str) -> bool:
    """Whether ``digits`` is a bare four-digit year from FIRST_YEAR to LAST_YEAR."""
    return len(digits) == 4 and digits.isdigit() and FIRST_YEAR <= int(digits) <= LAST_YEAR
