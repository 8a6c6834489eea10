"""A bulk job, its JSON form, and delete filters (validation and matching)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .csv_rows import ParsedFile, RowError
from .fields import InvalidValue, ObjectDefinition, Value, parse_date, parse_datetime
from .refusals import InvalidRequest

STATUSES = ("accepted", "pending", "in_progress", "completed", "failed", "cancelled")
ACTIVE = ("accepted", "pending", "in_progress")  # these count against the concurrent job limit
OPERATIONS = ("create", "update", "delete")
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "EQ": operator.eq, "GT": operator.gt, "LT": operator.lt, "GE": operator.ge, "LE": operator.le,
}


@dataclass
class Job:
    id: str
    seq: int  # creation order, for newest-first listing
    namespace: str
    object: str
    operation: str
    status: str
    user_id: str
    created_at: float  # simulator clock
    updated_at: float
    filter: dict[str, Any] | None = None
    conditions: list[Condition] = field(default_factory=list)
    start_at: float | None = None  # delete: when it leaves `accepted`
    finish_at: float | None = None  # when a running job completes or fails
    receiving: bool = False  # a file is being uploaded right now
    file: ParsedFile | None = None
    records_processed: int | None = None
    error: dict[str, Any] | None = None
    errors: list[RowError] = field(default_factory=list)

    def to_json(self, timestamp: Callable[[float], str]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "Id": self.id,
            "CreatedById": self.user_id,
            "CreatedDate": timestamp(self.created_at),
            "UpdatedById": self.user_id,
            "UpdatedDate": timestamp(self.updated_at),
            "namespace": self.namespace,
            "object": self.object,
            "operation": self.operation,
            "status": self.status,
        }
        if self.filter is not None:
            body["filter"] = self.filter
        if self.status in ("completed", "failed"):
            body["processingTime"] = round((self.updated_at - self.created_at) * 1000)
            body["recordsProcessed"] = self.records_processed or 0
        elif self.status in ("accepted", "pending", "in_progress"):  # as Zuora's examples show them
            body["processingTime"] = 0
            body["recordsProcessed"] = 0
        if self.error is not None:
            body["error"] = self.error
        return body


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str
    value: Value

    def matches(self, record: dict[str, Any]) -> bool:
        actual = record.get(self.field)
        if actual is None:
            return False
        try:
            return bool(OPERATORS[self.operator](actual, self.value))
        except TypeError:
            return False


def parse_filter(raw: Any, definition: ObjectDefinition) -> tuple[dict[str, Any], list[Condition]]:
    """Validate a delete job's filter; return it as echoed in the job, and its typed conditions."""
    if not isinstance(raw, dict) or not isinstance(raw.get("conditions"), list):
        raise InvalidRequest("A delete job needs a filter: {\"conditions\": [{\"field\", \"operator\", \"value\"}]}.")
    items = raw["conditions"]
    if not 1 <= len(items) <= 2:
        raise InvalidRequest("A delete filter takes 1 or 2 conditions (joined by AND).")
    conditions = []
    echoed = []
    for item in items:
        if not isinstance(item, dict) or not {"field", "operator", "value"} <= item.keys():
            raise InvalidRequest("Each filter condition needs field, operator and value.")
        name, op, value = item["field"], item["operator"], item["value"]
        type_name = definition.filter_type(name) if isinstance(name, str) else None
        if type_name is None:
            raise InvalidRequest(f"The field {name} of object {definition.name} cannot be used in a filter.")
        if op not in OPERATORS:
            raise InvalidRequest(f"Unknown filter operator {op!r}; use one of EQ, GT, LT, GE, LE.")
        if type_name == "boolean" and op != "EQ":
            raise InvalidRequest(f"The boolean field {name} can only be filtered with EQ.")
        typed = filter_value(type_name, value, name)
        conditions.append(Condition(name, op, typed))
        echoed.append({"field": name, "operator": op, "value": value})
    return {"conditions": echoed}, conditions


def filter_value(type_name: str, value: Any, name: str) -> Value:
    """A filter value must be a scalar of the field's type."""
    wrong = InvalidRequest(f"The filter value for {name} must be a {type_name} scalar, not {value!r}.")
    if isinstance(value, bool):
        if type_name != "boolean":
            raise wrong
        return value
    if type_name == "boolean":
        raise wrong
    if type_name == "integer":
        if not isinstance(value, int):
            raise wrong
        return value
    if type_name == "number":
        if not isinstance(value, (int, float)):
            raise wrong
        return value
    if not isinstance(value, str):
        raise wrong
    try:
        if type_name == "date":
            return parse_date(value)
        if type_name == "datetime":
            return parse_datetime(value)
    except InvalidValue:
        raise wrong from None
    return value
