"""Getting the next item of an iterator ready in a background thread while the current one is used.

The bulk loader cuts its next part file this way while it uploads the current one: cutting is file
reads, writes and C code that let the upload run, so the two overlap and a load takes about as long
as its uploads alone.
"""

from __future__ import annotations

import queue
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from typing_extensions import Self

T = TypeVar("T")

_STOP = object()  # asks the worker to end
_END = object()  # the source is exhausted


class ReadAhead(Generic[T]):
    """An iterator over ``source`` whose next item is produced in a thread while the caller holds
    the current one: at most one item is made ahead (the queue between them holds one).

    Items come in order, then the source's exception if it raised one, where it raised it. Close it
    (or use it as a context manager) once done, also when stopping early: the thread is stopped and
    joined, the source closed, and ``discard`` called on an item made ahead that nobody took (the
    loader removes that part's file).
    """

    def __init__(self, source: Iterator[T], discard: Callable[[T], None] | None = None) -> None:
        self._source = source
        self._discard = discard
        self._asks: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._made: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(maxsize=1)
        self._thread: threading.Thread | None = None
        self._done = False
        self._closed = False

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        if self._thread is None:
            self._start()
        item, error = self._made.get()
        if error is not None:
            self._done = True
            raise error
        if item is _END:
            self._done = True
            raise StopIteration
        self._asks.put(True)  # make the next one while the caller works on this one
        return item  # type: ignore[return-value]

    def _start(self) -> None:
        work = (self._source, self._asks, self._made, self._stopping)
        self._thread = threading.Thread(target=_work, args=work, name="zuora-read-ahead", daemon=True)
        self._asks.put(True)
        self._thread.start()
        # Dropped without close(): the worker is told to end, so it does not wait forever.
        weakref.finalize(self, self._asks.put, _STOP)

    def close(self) -> None:
        """Stop the worker (after the item it is making), drop what it made ahead, close the source."""
        if self._closed:
            return
        self._closed = self._done = True
        if self._thread is not None:
            self._stopping.set()
            self._asks.put(_STOP)
            self._thread.join()
            try:
                item, _ = self._made.get_nowait()
            except queue.Empty:
                item = _END
            if item is not _END and self._discard is not None:
                self._discard(item)  # type: ignore[arg-type]
        close = getattr(self._source, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _work(
    source: Iterator[object],
    asks: queue.SimpleQueue[object],
    made: queue.Queue[tuple[object, BaseException | None]],
    stopping: threading.Event,
) -> None:
    # The worker holds the source and the queues, never the ReadAhead: dropping that stops it.
    while asks.get() is not _STOP and not stopping.is_set():
        try:
            item = next(source, _END)
        except BaseException as exc:  # handed to the caller, raised there
            made.put((None, exc))
            return
        made.put((item, None))
        if item is _END:
            return
