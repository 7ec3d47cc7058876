"""Stored files: writes that vanish with a rolled-back transaction, deletes after commit."""

import contextvars
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction

logger = logging.getLogger(__name__)

# Names written inside the innermost `atomic_with_files()` block.
_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("documents_written_files", default=None)


def storage():
    return default_storage


def uses_signed_urls() -> bool:
    return settings.STORAGE_BACKEND == "s3"


@contextmanager
def atomic_with_files() -> Iterator[None]:
    """`transaction.atomic()` that also deletes the files written inside it when it rolls back.

    Nested blocks hand their files to the enclosing one on success, so a file
    survives only if every enclosing block commits. Callers that start an outer
    transaction around `media_create` (the tasks complete endpoint) should open
    it with this instead of `transaction.atomic()`.
    """
    parent = _written.get()
    written: list[str] = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _written.reset(token)
        delete_now(written)
        raise
    _written.reset(token)
    if parent is not None:
        parent.extend(written)


def save_file(prefix_name: str, content) -> str:
    """Write `content` under `prefix_name`; must run inside `atomic_with_files()`."""
    written = _written.get()
    if written is None:
        raise RuntimeError("save_file() must be called inside atomic_with_files()")
    name = storage().save(prefix_name, content)
    written.append(name)
    return name


def delete_now(names: Iterable[str]) -> None:
    for name in names:
        if not name:
            continue
        try:
            storage().delete(name)
        except Exception:  # a stale file is purge_orphan_files' job; never fail the caller over it
            logger.exception("could not delete stored file", extra={"file": name})


def delete_on_commit(names: Iterable[str]) -> None:
    """Delete stored files once the current transaction commits (never if it rolls back)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: delete_now(names))


def walk(prefix: str) -> Iterator[str]:
    """Every stored name under `prefix` (a folder), recursively."""
    try:
        folders, files = storage().listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{prefix}/{name}"
    for folder in folders:
        yield from walk(f"{prefix}/{folder}")
