"""Site search: /search/?q= finds published procedures, conditions, the questions of published procedures and
the compare grid's short answers to questions every patient asks ("Does it hurt?").

- terms.py: what the visitor typed, cut to a sensible length, as words to look for and to highlight.
- sources.py: what is searched, kind by kind, and the words of each result (its title, summary and body).
- backends.py: PostgreSQL's full-text search, weighted title above summary above body; elsewhere (SQLite)
  a simpler match of every word, scored the same way.
- excerpts.py: a short excerpt around the first match, escaped, with the matching words in <mark>.
- views.py: the results page.
"""
