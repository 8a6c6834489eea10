"""One array of a large JSON object, read item by item as the bytes arrive.

Zuora answers a job's row errors as one ``{"errors": [...]}`` object, without paging: hundreds of
megabytes for a job with a million failed rows. Read this way, memory holds one item and a chunk
of text at a time, whatever the size of the answer. Standard library only: each item is decoded
by ``json``'s own scanner (``raw_decode``) from a sliding window of text.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
_AFTER_VALUE = frozenset(" \t\n\r,:]}")  # what may follow a whole value; anything else: "7." may be 7.5
_DECODER = json.JSONDecoder()


class _Text:
    """A window on the decoded text: ``text[pos:]`` is what is not read yet."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.text = ""
        self.pos = 0
        self.ended = False

    def more(self) -> bool:
        """Take in the next chunk; False at the end of the bytes."""
        if self.ended:
            return False
        if self.pos > len(self.text) // 2:  # drop what was read, at most once per doubling
            self.text = self.text[self.pos:]
            self.pos = 0
        chunk = next(self._chunks, None)
        if chunk is None:
            self.ended = True
            self.text += self._decoder.decode(b"", final=True)
            return False
        self.text += self._decoder.decode(chunk)
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos:self.pos + 1]

    def take(self, expected: str) -> str:
        found = self.peek()
        if found not in expected or not found:
            raise ValueError(f"expected {' or '.join(expected)}, found {repr(found) if found else 'the end'}")
        self.pos += 1
        return found

    def value(self) -> Any:
        """The next JSON value, whole. A value that is cut, or not followed by a delimiter (``7.``
        may be the start of ``7.5``), may go on in the next chunk: more text is read first, doubling
        what is pending each time so that a long value is not scanned over and over."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except RecursionError:
                raise ValueError("the JSON is nested too deeply") from None
            except ValueError:
                if not self._grow():
                    raise
                continue
            if (end < len(self.text) and self.text[end] in _AFTER_VALUE) or not self._grow():
                self.pos = end
                return value

    def _grow(self) -> bool:
        pending = len(self.text) - self.pos
        grew = False
        while len(self.text) - self.pos < 2 * pending + 1 and self.more():
            grew = True
        return grew


def iter_array(chunks: Iterable[bytes], key: str) -> Iterator[Any]:
    """Yield the items of the array under ``key`` in the JSON object the chunks spell. Other keys
    are read and dropped; ``key`` absent or null yields nothing. ValueError when the bytes are not
    such an object."""
    text = _Text(chunks)
    text.take("{")
    if text.peek() == "}":
        text.pos += 1
    else:
        while True:
            name = text.value()
            if not isinstance(name, str):
                raise ValueError(f"expected a key, found {name!r}")
            text.take(":")
            if name == key and text.peek() == "[":
                text.pos += 1
                if text.peek() == "]":
                    text.pos += 1
                else:
                    while True:
                        yield text.value()
                        if text.take(",]") == "]":
                            break
            elif text.value() is not None and name == key:
                raise ValueError(f"{key} is not an array")
            if text.take(",}") == "}":
                break
    if text.peek():
        raise ValueError("unexpected data after the JSON object")
