"""The search index is written again only when a save may have changed what it holds.

modelsearch re-indexes an object on every save. Wagtail saves a page with `update_fields` for
its own bookkeeping: each revision saved (a draft, a submission for moderation) stores the
page's latest revision and draft title, a lock taken stores the lock. With the database backend
those saves cannot change the index: it holds only the searched text (SearchField,
AutocompleteField and RelatedFields), read back from the saved row, and filters read the table.
Each needless rewrite cost about 10 ms (a fifth of a product's publish in the test suite).

So modelsearch's save handler is replaced, on the models it would have watched, by one that
skips a save whose `update_fields` names no searched field. Any other save (a full save, a
publish, a save naming a searched field) indexes as before, through modelsearch's handler.
With a backend that stores filter fields too (Elasticsearch, OpenSearch), nothing is replaced.
A bulk load pauses it (`index_on_save_paused`) and indexes what it saved once, at the end
(catalog/demo/indexing.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db.models.signals import post_delete, post_save
from modelsearch import index
from modelsearch.backends import get_app_config
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

SEARCHED = (index.SearchField, index.AutocompleteField, index.RelatedFields)
_watched: set[type] = set()  # the models whose saves index_on_save indexes
_paused: ContextVar[bool] = ContextVar("search_index_on_save_paused", default=False)


@cache
def searched_field_names(model) -> frozenset[str]:
    """The searched fields' names, and their columns' (`category_id` for `category`): a save
    may name either in update_fields."""
    names = {field.field_name for field in model.get_search_fields() if isinstance(field, SEARCHED)}
    columns = set()
    for name in names:
        with suppress(FieldDoesNotExist):
            columns.add(getattr(model._meta.get_field(name), "attname", name))
    return frozenset(names | columns)


def indexed_on_save(model) -> bool:
    """Whether a save of a `model` object indexes it (here, or by modelsearch's own handler)."""
    return model in _watched or getattr(model, "search_auto_update", True)


@contextmanager
def index_on_save_paused() -> Iterator[None]:
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def index_on_save(sender, instance, update_fields=None, **kwargs) -> None:
    if _paused.get():
        return
    if update_fields is not None and not set(update_fields) & searched_field_names(sender):
        return
    post_save_signal_handler(instance, update_fields=update_fields, **kwargs)


# The database backend, and this project's wrapper of it (marketplace/search_backend.py).
TEXT_ONLY_BACKENDS = frozenset(
    {
        "marketplace.search_backend",
        "modelsearch.backends.database",
        "wagtail.search.backends.database",
    }
)


def _backends_store_only_searched_text() -> bool:
    configured = get_app_config().get_search_backend_config().values()
    return all(params.get("BACKEND") in TEXT_ONLY_BACKENDS for params in configured)


def connect_search_index_upkeep() -> None:
    """Called before modelsearch connects its own handlers (this app is listed first): the
    models taken over are marked so that it leaves them alone. This is index upkeep, not a
    business step, which is why a signal is acceptable here."""
    if not _backends_store_only_searched_text():
        return
    watched = [
        model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)
    ]
    _watched.update(watched)
    for model in watched:
        model.search_auto_update = False  # modelsearch's register_signal_handlers skips it
        post_save.connect(index_on_save, sender=model, dispatch_uid=f"search-index-{model}")
        post_delete.connect(
            post_delete_signal_handler, sender=model, dispatch_uid=f"search-unindex-{model}"
        )
