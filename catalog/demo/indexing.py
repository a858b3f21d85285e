"""Batching Wagtail's search-index and reference-index updates during a bulk load.

Wagtail 8 queues both updates as tasks on every save (`post_save`), and with the default
immediate task backend they run inline: a page added, revised and published is indexed
three times, one object at a time, which is most of the cost of creating it. Inside
`index_updates_batched()` those per-save updates are switched off and the saved objects are
only noted; on leaving the block each object is indexed once, in bulk per model.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler as search_post_save
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from marketplace.search_index_upkeep import index_on_save_paused, indexed_on_save

SEARCH_CHUNK = 1000


class PendingIndexUpdates:
    """Objects (by model and primary key) still to be put in the search and reference indexes."""

    def __init__(self) -> None:
        self.search: dict[type[Any], set] = defaultdict(set)  # indexed models (modelsearch)
        self.references: dict[type[Model], set] = defaultdict(set)

    def note_saved(self, sender, instance, raw=False, **kwargs) -> None:
        if raw:
            return
        model = type(instance)
        if search_index.class_is_indexed(model) and indexed_on_save(model):
            self.search[model].add(instance.pk)
        if model in ReferenceIndex.tracked_models:
            self.references[model].add(instance.pk)

    def add_for_search(self, model: type[Model], pks: Iterable) -> None:
        self.search[model].update(pks)

    def flush(self) -> None:
        search_backends = list(get_search_backends(with_auto_update=True))
        for model, pks in self.search.items():
            ordered = sorted(pks)
            for start in range(0, len(ordered), SEARCH_CHUNK):
                objects = list(
                    model.get_indexed_objects().filter(pk__in=ordered[start : start + SEARCH_CHUNK])
                )
                for backend in search_backends:
                    backend.add_bulk(model, objects)
        for model, pks in self.references.items():
            for pk in sorted(pks):
                # The same work the per-save task would have done, once per object.
                with suppress(ObjectDoesNotExist):
                    update_reference_index_task.call(
                        model._meta.app_label, model._meta.model_name, str(pk)
                    )
        self.search.clear()
        self.references.clear()


def _auto_updated_models() -> list[type[Model]]:
    """The models still indexed by modelsearch's own handler (none with the database backend:
    marketplace.search_index_upkeep's handler, paused below, indexes them)."""
    return [
        model
        for model in search_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]


@contextmanager
def index_updates_batched() -> Iterator[PendingIndexUpdates]:
    """Index every object saved in the block once, at the end (not if the block fails)."""
    pending = PendingIndexUpdates()
    models = _auto_updated_models()
    for model in models:
        post_save.disconnect(search_post_save, sender=model)
    post_save.connect(pending.note_saved, dispatch_uid="demo-index-updates-batched")
    try:
        with disable_reference_index_auto_update(), index_on_save_paused():
            yield pending
    finally:
        post_save.disconnect(dispatch_uid="demo-index-updates-batched")
        for model in models:
            post_save.connect(search_post_save, sender=model)
    pending.flush()
