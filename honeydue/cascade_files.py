"""Stored files that go with a deletion: found through the FileFields of every row the
delete cascades to, so no app has to know which other apps keep files."""

import logging
from typing import Any

from django.db import models, transaction
from django.db.models.deletion import Collector

logger = logging.getLogger(__name__)


def files_cascading_from(obj: models.Model) -> list[tuple[Any, str]]:
    """(storage, name) of every file held by `obj` or by a row deleting it would delete."""
    collector = Collector(using="default")
    collector.collect([obj])
    querysets: list[models.QuerySet] = [qs for qs in collector.fast_deletes if isinstance(qs, models.QuerySet)]
    for model, instances in collector.data.items():
        querysets.append(model._base_manager.filter(pk__in=[instance.pk for instance in instances]))
    found: dict[str, Any] = {}  # one row can be reached along several cascade paths
    for queryset in querysets:
        file_fields = [f for f in queryset.model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields:
            continue
        for row in queryset.values_list(*[f.attname for f in file_fields]):
            found.update({name: field.storage for field, name in zip(file_fields, row, strict=True) if name})
    return [(storage, name) for name, storage in found.items()]


def _delete_now(found: list[tuple[Any, str]]) -> None:
    for storage, name in found:
        try:
            storage.delete(name)
        except Exception:  # a leftover file must not undo a committed delete; purge_orphan_files finds it
            logger.exception("could not delete stored file", extra={"file_name": name})


def delete_cascaded_files_on_commit(obj: models.Model) -> list[str]:
    """Call inside the deleting transaction, just before `obj.delete()`: the files go after
    the commit and stay if it rolls back. Returns the storage names."""
    if not transaction.get_connection().in_atomic_block:
        # In autocommit on_commit would run at once, before the rows are gone.
        raise RuntimeError("delete_cascaded_files_on_commit() must run inside the deleting transaction")
    found = files_cascading_from(obj)
    transaction.on_commit(lambda: _delete_now(found))
    return [name for _, name in found]
