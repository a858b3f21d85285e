"""The search backend: Wagtail's database backend, with the searched text made safe to run.

- On SQLite the backend hands each word to FTS5 inside double quotes without escaping a double
  quote inside the word, so a search for `"` was an FTS5 syntax error (a 500 on /shop/?q=%22).
  FTS5 escapes a double quote inside a string by doubling it; that is done here first.
- On both databases every word becomes one more level of a nested expression, so a search of
  a thousand words overflowed Python's recursion limit. Only the first MAX_SEARCH_TERMS words
  are searched for.
"""

import re
from functools import cache

from wagtail.search.backends.database import SearchBackend as database_search_backend
from wagtail.search.query import Phrase, PlainText

MAX_SEARCH_TERMS = 32

# How the PostgreSQL backend splits words (SQLite's splits on whitespace only, a subset).
_WORD_SEPARATORS = re.compile(r"[\s\-]+")


class BoundedTermsMixin:
    """Searches for the first MAX_SEARCH_TERMS words of a plain-text query only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.query, PlainText):
            words = [word for word in _WORD_SEPARATORS.split(self.query.query_string) if word]
            if len(words) > MAX_SEARCH_TERMS:
                self.query = PlainText(
                    " ".join(words[:MAX_SEARCH_TERMS]),
                    operator=self.query.operator,
                    boost=self.query.boost,
                )


def _fts5_string_content(text: str) -> str:
    """`text` as it may stand between FTS5's double quotes: every `"` doubled."""
    return text.replace('"', '""')


class FTS5QuotingMixin(BoundedTermsMixin):
    """Doubles the double quotes in searched words and phrases before FTS5 sees them."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            query = PlainText(
                _fts5_string_content(query.query_string),
                operator=query.operator,
                boost=query.boost,
            )
        elif isinstance(query, Phrase):
            query = Phrase(_fts5_string_content(query.query_string))
        return super().build_search_query_content(query, config=config)


@cache
def _safe_compiler(compiler_class: type) -> type:
    # The SQLite compilers' module can be imported only on SQLite (it needs SQLite's FTS
    # model), so they are recognised by their module's name.
    fts5 = "sqlite" in compiler_class.__module__
    mixin = FTS5QuotingMixin if fts5 else BoundedTermsMixin
    return type(f"Safe{compiler_class.__name__}", (mixin, compiler_class), {})


def SearchBackend(params):
    """The database backend for the current database, with its query compilers made safe."""
    backend = database_search_backend(params)
    backend.query_compiler_class = _safe_compiler(backend.query_compiler_class)
    if backend.autocomplete_query_compiler_class is not None:
        backend.autocomplete_query_compiler_class = _safe_compiler(
            backend.autocomplete_query_compiler_class
        )
    return backend
