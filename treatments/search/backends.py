"""Finding and ranking: PostgreSQL's full-text search, or a simpler match on any other database (SQLite).

Both give the same thing: hits of every kind, best first, ready to paginate; the words of a hit are
loaded for the shown page only (documents()).
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F

from .sources import KINDS, Document, config

# The simpler match: a word found in the title counts more than one in the summary, and that more than the body.
TITLE, SUMMARY, BODY = 3, 2, 1


@dataclass(frozen=True)
class Hit:
    kind: object  # One of sources.KINDS.
    pk: int
    score: float
    title: str  # Orders hits of equal score.
    document: Document | None = None  # Already loaded by the simpler match.


def search(terms):
    """Every hit for these terms, best first."""
    if not terms.words:
        return []
    hits = full_text_hits(terms) if connection.vendor == "postgresql" else simple_hits(terms)
    order = {kind: position for position, kind in enumerate(KINDS)}
    return sorted(hits, key=lambda hit: (-hit.score, order[hit.kind], (hit.title or "").lower(), hit.pk))


def wanted_kinds(terms):
    return [kind for kind in KINDS if kind.wanted(terms)]


def full_text_hits(terms):
    """PostgreSQL: websearch syntax ("quoted phrases", or, -not), the language's stemming, weighted ranks."""
    query = SearchQuery(terms.text, search_type="websearch", config=config())
    hits = []
    for kind in wanted_kinds(terms):
        found = (
            kind.searched()
            .annotate(document=kind.vector())
            .filter(document=query)
            .annotate(rank=SearchRank(F("document"), query))  # F(): a bare name would be re-parsed as text.
            .values_list("pk", "rank", kind.title_field)
        )
        hits += [Hit(kind, pk, rank, title) for pk, rank, title in found]
    return hits


def simple_hits(terms):
    """Any other database: every word must start a word of the title, summary or body (case does not matter),
    and no "-excluded" word may."""
    hits = []
    for kind in wanted_kinds(terms):
        for row in kind.with_words(kind.searched()):
            document = kind.document(row)
            if score := simple_score(document, terms):
                hits.append(Hit(kind, row.pk, score, document.title, document))
    return hits


def simple_score(document, terms):
    """Each word scores where it is best found; 0 when a word is found nowhere, or an excluded word anywhere."""
    fields = ((TITLE, f"{document.title} {document.keywords}"), (SUMMARY, document.summary), (BODY, document.body))
    if any(pattern.search(text) for pattern in terms.excluded_patterns for _, text in fields):
        return 0
    total = 0
    for pattern in terms.patterns:
        best = max((weight for weight, text in fields if pattern.search(text)), default=0)
        if not best:
            return 0
        total += best
    return total


def documents(hits):
    """The documents of these hits (a page of them), each kind loaded in one go where not already."""
    missing = {}
    for hit in hits:
        if hit.document is None:
            missing.setdefault(hit.kind, []).append(hit.pk)
    loaded = {
        (kind, row.pk): kind.document(row)
        for kind, pks in missing.items()
        for row in kind.with_words(kind.searched().filter(pk__in=pks))
    }
    # A row unpublished or deleted since the search is left out.
    return [document for hit in hits if (document := hit.document or loaded.get((hit.kind, hit.pk)))]
