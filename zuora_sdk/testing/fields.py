"""Custom object definitions: field types, parsing CSV text into typed values, default objects."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Union

FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "datetime")

# The value a field holds once parsed: str for string/date/datetime (normalised text), int, float, bool.
Value = Union[str, int, float, bool, None]


@dataclass(frozen=True)
class FieldSpec:
    """One custom field: its type, whether a create must give it, whether delete filters may use it."""

    type: str
    required: bool = False
    filterable: bool = False

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"unknown field type {self.type!r}; use one of {', '.join(FIELD_TYPES)}")


class InvalidValue(ValueError):
    """A text value that does not fit its field's type."""


_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?"
    r"(Z|z|[+-][0-9]{2}:?[0-9]{2})?"
)
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def parse_integer(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise InvalidValue("is not an integer")
    value = int(text)
    if not INT_MIN <= value <= INT_MAX:
        raise InvalidValue("is out of the 64-bit integer range")
    return value


def parse_number(text: str) -> float:
    if not _NUMBER.fullmatch(text):
        raise InvalidValue("is not a number")
    value = float(text)
    if math.isinf(value):
        raise InvalidValue("is out of range")
    return value


def parse_boolean(text: str) -> bool:
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise InvalidValue("is not a boolean (true or false)")


def parse_date(text: str) -> str:
    match = _DATE.fullmatch(text)
    if not match:
        raise InvalidValue("is not a date (YYYY-MM-DD)")
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        raise InvalidValue("is not a valid calendar date") from None


def to_datetime(text: str) -> datetime:
    """ISO 8601 date-time; a value without an offset is taken as UTC."""
    match = _DATETIME.fullmatch(text)
    if not match:
        raise InvalidValue("is not a date-time (ISO 8601, e.g. 2024-01-31T12:00:00Z)")
    year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
    second = int(match[6] or 0)
    micro = int((match[7] or "0")[:6].ljust(6, "0"))
    zone = match[8]
    tz = timezone.utc
    if zone and zone not in ("Z", "z"):
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if offset >= timedelta(hours=24):
            raise InvalidValue("has an invalid UTC offset")
        tz = timezone(-offset if zone[0] == "-" else offset)
    try:
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)
    except ValueError:
        raise InvalidValue("is not a valid date-time") from None


def format_datetime(moment: datetime) -> str:
    """UTC with milliseconds, the way Zuora writes timestamps: 2021-03-10T00:05:54.207Z."""
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_datetime(text: str) -> str:
    return format_datetime(to_datetime(text))


PARSERS: dict[str, Callable[[str], Any]] = {
    "string": str,
    "integer": parse_integer,
    "number": parse_number,
    "boolean": parse_boolean,
    "date": parse_date,
    "datetime": parse_datetime,
}

# System fields every record has; delete filters may use these three.
SYSTEM_FIELDS = ("Id", "CreatedById", "CreatedDate", "UpdatedById", "UpdatedDate")
SYSTEM_FILTERABLE = {"Id": "string", "CreatedDate": "datetime", "UpdatedDate": "datetime"}


def field_spec(spec: FieldSpec | str) -> FieldSpec:
    return spec if isinstance(spec, FieldSpec) else FieldSpec(spec)


@dataclass(frozen=True)
class ObjectDefinition:
    name: str
    namespace: str
    fields: Mapping[str, FieldSpec]

    @classmethod
    def build(cls, name: str, fields: Mapping[str, FieldSpec | str], namespace: str = "default") -> ObjectDefinition:
        if not name or not isinstance(name, str):
            raise ValueError("an object needs a non-empty name")
        built: dict[str, FieldSpec] = {}
        for field, spec in fields.items():
            if not isinstance(field, str) or not field:
                raise ValueError("field names must be non-empty strings")
            if field in SYSTEM_FIELDS or field.lower() in ("id", "type"):
                raise ValueError(f"{field} is a system field and cannot be defined")
            built[field] = field_spec(spec)
        return cls(name, namespace, built)

    def filter_type(self, field: str) -> str | None:
        """The type of a field delete filters may use, or None when it is not filterable."""
        if field in SYSTEM_FILTERABLE:
            return SYSTEM_FILTERABLE[field]
        spec = self.fields.get(field)
        return spec.type if spec is not None and spec.filterable else None


def default_objects() -> dict[str, ObjectDefinition]:
    """The `vehicle` custom object used throughout the docs and tests."""
    vehicle = ObjectDefinition.build(
        "vehicle",
        {
            "Name__c": FieldSpec("string", required=True, filterable=True),
            "Make__c": FieldSpec("string"),
            "Year__c": FieldSpec("integer", filterable=True),
            "Price__c": FieldSpec("number"),
            "Active__c": FieldSpec("boolean", filterable=True),
            "PurchaseDate__c": FieldSpec("date"),
            "LastServiced__c": FieldSpec("datetime", filterable=True),
        },
    )
    return {"vehicle": vehicle}


# Standard objects in the com_zuora namespace: only SavedQuery, with system fields alone.
STANDARD_OBJECTS = {"SavedQuery": ObjectDefinition("SavedQuery", "com_zuora", {})}
