"""The tenant's custom object records: what create and update jobs write and delete jobs remove.

Not locked by itself: the tenant calls it under its lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from . import codes
from .csv_rows import ParsedFile, RowError, row_error
from .fields import ObjectDefinition
from .jobs import Condition, Job


class RecordStore:
    """Records by (namespace, object), each by Id, as the API shows them."""

    def __init__(self) -> None:
        self._objects: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}

    def of(self, name: str) -> list[dict[str, Any]]:
        """Copies of an object's records, oldest first (a custom object, else a standard one)."""
        store = self._objects.get(("default", name)) or self._objects.get(("com_zuora", name)) or {}
        return [dict(record) for record in store.values()]

    def write(self, job: Job, definition: ObjectDefinition, parsed: ParsedFile, user_id: str,
              stamp: str) -> list[RowError]:
        """Create or update the records of a job's file; the row errors of updates whose record is missing."""
        name = job.object
        store = self._objects.setdefault((job.namespace, name), {})
        failed: list[RowError] = []
        for change in parsed.changes:
            values = {field: change.values.get(field) for field in definition.fields}  # left-out columns: null
            if job.operation == "create":
                rid = str(uuid.uuid4())
                store[rid] = {
                    "Id": rid, "type": name, "CreatedById": user_id, "CreatedDate": stamp,
                    "UpdatedById": user_id, "UpdatedDate": stamp, **values,
                }
                continue
            record = store.get(change.record_id or "")
            if record is None:
                message = f"No {name} record has the Id {change.record_id}."
                failed.append(row_error(change.row, [(codes.ROW_NOT_FOUND, message)], name, parsed.columns,
                                        change.raw))
                continue
            record.update(values)
            record["UpdatedById"] = user_id
            record["UpdatedDate"] = stamp
        return failed

    def delete(self, namespace: str, name: str, conditions: Iterable[Condition]) -> int:
        """Remove the records that match every condition; how many went."""
        matching = list(conditions)
        store = self._objects.get((namespace, name), {})
        doomed = [rid for rid, record in store.items() if all(c.matches(record) for c in matching)]
        for rid in doomed:
            del store[rid]
        return len(doomed)

    def clear(self) -> None:
        self._objects.clear()
