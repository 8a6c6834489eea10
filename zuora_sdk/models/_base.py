"""What every model shares: configuration, the dict/JSON helpers, ``additional_properties``, and the
lenient timestamp type.

Responses are parsed leniently: unknown keys are kept (``additional_properties``), a missing field
is ``None``, values of the wrong type that convert cleanly are converted (``"12"`` for an integer,
``12`` for a string), and timestamps become timezone-aware ``datetime`` objects. Parsing a model
and everything nested in it is one pydantic validation.

A value a model cannot take raises :class:`ModelValueError`: both this package's ``ApiValueError``
(so ``except OpenApiException`` catches it) and pydantic's ``ValidationError`` (what code written for
the generated SDK catches).
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union, cast, overload

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, ValidationError
from pydantic_core import CoreSchema, core_schema
from typing_extensions import Annotated, Self

from zuora_sdk.exceptions import ApiValueError

__all__ = ["ModelValueError", "Timestamp", "ZuoraModel"]


class ModelValueError(ApiValueError, ValidationError):
    """A model was given a value it cannot take. ``errors()`` lists each problem, as pydantic's do."""

    def __init__(self, *args: Any) -> None:  # pydantic-core builds the instance; nothing to add
        self.path_to_item = None


def _ours(error: ValidationError) -> ModelValueError:
    return ModelValueError.from_exception_data(error.title, cast(Any, error.errors()))


def _parse_odd_timestamp(value: Any) -> datetime:
    """Timestamps pydantic does not read itself: a ``date``, or a string in another common format."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and any(c.isdigit() for c in value):
        parser = importlib.import_module("dateutil.parser")  # only for the rare odd format
        try:
            return cast(datetime, parser.parse(value))
        except (ValueError, OverflowError):
            pass
    raise ValueError(f"not a timestamp: {value!r}")


def _aware_timestamp(value: Any) -> datetime:
    """What the aware ISO 8601 reading leaves: no zone (taken as UTC), a date, another format."""
    try:
        parsed = _pydantic_datetime()(value)
    except ValidationError:
        parsed = _parse_odd_timestamp(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


@functools.cache
def _pydantic_datetime() -> Callable[[Any], datetime]:
    """pydantic's own reading of a datetime, for a timestamp without a zone (built at the first
    such value: most programs never meet one)."""
    from pydantic import TypeAdapter  # its module is not loaded with the models

    return TypeAdapter(datetime).validate_python


class _TimestampSchema:
    """How a :data:`Timestamp` is read. An aware ISO 8601 string (what the service writes) is read
    by pydantic itself, without a call into Python (two such calls per job were a third of the time
    of parsing a page of jobs); anything else (no zone, another format, a date) falls through to
    the lenient reading. A value neither reads is one error, as a plain field's would be. Like the
    generated SDK's, the zone of a parsed string is pydantic's fixed-offset ``TzInfo``: it compares
    equal to ``timezone.utc`` and converts as any zone does."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.union_schema(
            [
                core_schema.datetime_schema(tz_constraint="aware"),
                core_schema.no_info_before_validator_function(_aware_timestamp, core_schema.datetime_schema()),
            ],
            mode="left_to_right",
            custom_error_type="datetime_parsing",  # pydantic's own: "Input should be a valid datetime, {error}"
            custom_error_context={"error": "expected ISO 8601 such as 2021-03-15T06:47:18Z"},
        )


Timestamp = Annotated[datetime, _TimestampSchema]
"""A timezone-aware ``datetime``: ISO 8601 with or without fractional seconds, ``Z`` or an offset;
a timestamp without a zone is taken as UTC."""


class ZuoraModel(BaseModel):
    """Base of every model: alias-aware helpers and ``additional_properties`` for unknown keys.

    - Fields are set by their Python name (``created_date``) or their JSON key (``CreatedDate``).
    - Keys the model does not declare are kept in ``additional_properties`` and written back by
      ``to_dict()`` / ``to_json()``.
    - Assignments are validated (``job.status = "queued"`` stores the enum value).
    """

    model_config = ConfigDict(
        populate_by_name=True,
        validate_assignment=True,
        protected_namespaces=(),
        extra="allow",
        coerce_numbers_to_str=True,
    )

    def __init__(self, /, **data: Any) -> None:
        extra = data.pop("additional_properties", None)
        if extra:
            data = {**dict(extra), **data}
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise _ours(error) from None

    # Wire data never carries `additional_properties`: pydantic may skip this Python __init__ for
    # every nested model it validates (set on the function, pydantic treats it as its own).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    if TYPE_CHECKING:
        # To type checkers a field, so that every model's constructor takes it.
        additional_properties: Dict[str, Any] = Field(default_factory=dict)
    else:

        @property
        def additional_properties(self) -> Dict[str, Any]:
            """Keys of the JSON object that this model does not declare, with their values (a live dict)."""
            extra = self.__pydantic_extra__
            if extra is None:
                extra = {}
                object.__setattr__(self, "__pydantic_extra__", extra)
            return extra

        @additional_properties.setter
        def additional_properties(self, value: Mapping[str, Any]) -> None:
            object.__setattr__(self, "__pydantic_extra__", dict(value))

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError as error:
            raise _ours(error) from None

    def to_str(self) -> str:
        """The JSON-ready dict of this model, pretty-printed."""
        import pprint  # only here: most programs never print a model this way

        return pprint.pformat(self.to_dict())

    def to_json(self) -> str:
        """This model as a JSON string (JSON keys, ``None`` values left out)."""
        return json.dumps(self.to_dict())

    def to_dict(self) -> Dict[str, Any]:
        """This model as a JSON-ready dict: JSON keys (``Id``, ``processingTime``), ``None`` values left out
        (also among ``additional_properties``), nested models as dicts, timestamps and dates as ISO 8601
        strings, enum members as their values."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    @classmethod
    def from_json(cls, json_str: Union[str, bytes, bytearray]) -> Optional[Self]:
        """Create an instance from a JSON string (``"null"`` gives ``None``); text that is not JSON
        raises ``ApiValueError``."""
        try:
            data: Optional[Mapping[str, Any]] = json.loads(json_str)
        except ValueError as error:
            raise ApiValueError(f"not JSON: {error}") from None
        return cls.from_dict(data)

    @overload
    @classmethod
    def from_dict(cls, obj: None) -> None: ...

    @overload
    @classmethod
    def from_dict(cls, obj: Union[Mapping[str, Any], Self]) -> Self: ...

    @classmethod
    def from_dict(cls, obj: Optional[Union[Mapping[str, Any], Self]]) -> Optional[Self]:
        """Create an instance from a dict keyed by JSON keys or Python names; ``None`` gives ``None``
        and an instance of this model is returned as it is. Raises :class:`ModelValueError` (an
        ``ApiValueError`` and a ``pydantic.ValidationError``) when a value cannot be converted."""
        if obj is None:
            return None
        if isinstance(obj, cls):
            return obj
        try:
            return cls.model_validate(obj)
        except ValidationError as error:
            raise _ours(error) from None

    def __repr_args__(self) -> Iterable[Tuple[Optional[str], Any]]:
        # Leave out fields that are None: a job prints as the keys the service sent. Enum members
        # show as their values (status='completed') and timestamps as ISO 8601.
        return [(name, _readable(value)) for name, value in super().__repr_args__() if value is not None]

    def __str__(self) -> str:
        return repr(self)

    def to_records(self) -> List[Dict[str, Any]]:
        """Rows for a table, keyed by JSON keys: a collection's items (a page of jobs, a job's row
        errors), or this model as one row. Nested objects become ``key.subkey`` columns
        (``record.Name__c``, ``error.code``)."""
        from zuora_sdk._core.dataframes import flatten

        data = self.to_dict()
        key = _items_key(data)
        return [flatten(item) for item in data[key]] if key is not None else [flatten(data)]

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (``ImportError`` with the install command when
        pandas is missing): ``api.get_custom_object_bulk_job_errors(job_id).to_frame()``."""
        from zuora_sdk._core.dataframes import data_frame

        return data_frame(self.to_records())

    def _repr_html_(self) -> str:
        """A small table for notebooks: a collection (a page of jobs, a job's errors) one row per
        item, any other model one row per field."""
        from zuora_sdk._core.html_table import records_table, table
        from zuora_sdk._core.wording import plural

        data = self.to_dict()
        key = _items_key(data)
        if key is not None:
            lists = [key]
            items = data.pop(key)
            about = ", ".join(f"{key}: {value}" for key, value in data.items())
            caption = f"{type(self).__name__}: {plural(len(items), lists[0].removesuffix('s'), lists[0])}"
            if about:
                caption += f" ({about})"
            return records_table(items, caption)
        return table(("field", "value"), data.items(), type(self).__name__)


def _items_key(data: Dict[str, Any]) -> Optional[str]:
    """The key of a collection's items: its one list of objects (``jobs``, ``errors``)."""
    lists = [key for key, value in data.items()
             if isinstance(value, list) and all(isinstance(item, dict) for item in value)]
    return lists[0] if len(lists) == 1 else None


def _readable(value: Any) -> Any:
    if isinstance(value, Enum):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
