"""The progress file of a bulk load: an append-only log of what happened to each part.

One JSON object per line. The first line names the load; each later line updates one part
(``{"part": 3, "state": "submitted", "job_id": "..."}``). Appending is cheap and crash-safe: a
torn last line is ignored when the log is read back, and a later line wins over an earlier one.
"""

from __future__ import annotations

import json
import os
from typing import Any

from zuora_sdk.exceptions import ApiValueError


class ProgressLog:
    """Part states of one load, kept in memory and, when ``path`` is set, in a log file."""

    def __init__(self, path: str | os.PathLike[str] | None, identity: dict[str, Any]) -> None:
        self.path = os.fspath(path) if path is not None else None
        self.identity = identity
        self.parts: dict[int, dict[str, Any]] = {}
        self.complete = False
        self.resumed = False
        if self.path is not None and os.path.exists(self.path) and os.path.getsize(self.path) > 0:
            self._read()
            self.resumed = True
        else:
            self._append({"load": identity})

    def _read(self) -> None:
        assert self.path is not None
        with open(self.path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
        entries = []
        for line in lines:
            try:
                entries.append(json.loads(line))
            except ValueError:
                continue  # a line torn by a crash
        first = entries[0] if entries else {}
        if first.get("load") != self.identity:
            raise ApiValueError(
                f"progress file {self.path!r} belongs to another load ({first.get('load')}); "
                "use another file, or delete it to start over"
            )
        for entry in entries[1:]:
            if entry.get("complete"):
                self.complete = True
            elif isinstance(entry.get("part"), int):
                self.parts.setdefault(entry["part"], {}).update(entry)
        self.parts = {index: part for index, part in self.parts.items() if part.get("state")}

    def update(self, index: int, **changes: Any) -> dict[str, Any]:
        record = self.parts.setdefault(index, {"part": index})
        record.update(changes)
        self._append({"part": index, **changes})
        return record

    def forget(self, index: int) -> None:
        """Drop a part that was never created (its submit was refused), so it starts afresh."""
        self.parts.pop(index, None)
        self._append({"part": index, "state": None})

    def finish(self) -> None:
        self.complete = True
        self._append({"complete": True})

    def _append(self, entry: dict[str, Any]) -> None:
        if self.path is None:
            return
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, separators=(",", ":")) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
