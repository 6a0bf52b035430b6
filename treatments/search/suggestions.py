"""'Did you mean ...?' for a search that found nothing: each word that is not a word of the site, replaced by the
closest one that is ("sclerotheraphy" -> "sclerotherapy").

The words are the site's own names: published procedures' titles, conditions' names and the words explained. A
few hundred words, so difflib's ratio finds the closest in a blink on every database; PostgreSQL's pg_trgm would
need an extension and an index for the same answer.
"""

import difflib
import re

from ..models import Condition, Treatment
from ..models.procedures import Word

WORD = re.compile(r"[^\W\d_]{3,}")
# How alike a typed word and a site word must be (difflib's ratio, 0 to 1) to be offered.
CLOSE_ENOUGH = 0.75


def site_words():
    names = [
        *Treatment.objects.published().values_list("title", flat=True),
        *Condition.objects.values_list("name", flat=True),
    ]
    for word in Word.objects.all():
        names += word.forms
    return {found.lower() for name in names for found in WORD.findall(name)}


def suggestion(terms):
    """The query with its unknown words corrected, or "" when there is nothing better to offer."""
    known = site_words()
    corrected, changed = [], False
    for word in terms.words:
        if word in known or not WORD.fullmatch(word):
            corrected.append(word)
            continue
        closest = difflib.get_close_matches(word, known, n=1, cutoff=CLOSE_ENOUGH)
        corrected.append(closest[0] if closest else word)
        changed = changed or bool(closest)
    return " ".join(corrected) if changed else ""
