"""String enums whose members are their wire values.

``WireEnum`` is the strict kind: an unknown value raises ``ValueError``. It is used for values the
client sends (a typo in an ``operation`` fails before any request is made).

``OpenEnum`` is the lenient kind, used for values the service sends. Zuora adds values over time
(a new job status, say); a value this package does not know yet becomes a *pseudo-member*: an
instance of the enum that is a ``str`` equal to the value, whose ``.value`` and ``str()`` are the
value and whose ``.name`` is the value upper-cased. It is not listed by ``list(EnumClass)``.
The same unknown value always gives the same pseudo-member, so ``is`` comparisons work too.

This module does not import pydantic: enums stay cheap to import.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any, Optional, cast

from typing_extensions import Self

from zuora_sdk.exceptions import ApiValueError

__all__ = ["OpenEnum", "WireEnum"]


class WireEnum(str, Enum):
    """A ``str`` enum: members compare equal to their wire values, and ``str()`` gives the value."""

    def __str__(self) -> str:
        return str(self._value_)

    def __format__(self, format_spec: str) -> str:
        return format(str(self._value_), format_spec)

    @classmethod
    def from_json(cls, json_str: str) -> Self:
        """Create an instance from a JSON string such as ``'"completed"'``."""
        return cls(json.loads(json_str))

    @classmethod
    def _missing_(cls, value: object) -> Optional[Self]:
        # A ValueError still, and one of ours (``except OpenApiException`` catches it).
        choices = ", ".join(repr(member.value) for member in cls)
        raise ApiValueError(f"{value!r} is not a valid {cls.__name__}; expected one of: {choices}")

    @classmethod
    def is_known(cls, value: Any) -> bool:
        """Whether ``value`` is one of the values declared by this enum (pseudo-members are not)."""
        return isinstance(value, str) and any(member.value == value for member in cls)


class OpenEnum(WireEnum):
    """A ``WireEnum`` that accepts values it does not declare (see the module docstring)."""

    @classmethod
    def _missing_(cls, value: object) -> Optional[Self]:
        if not isinstance(value, str):
            return super()._missing_(value)
        value = str.__str__(value)  # a str subclass (another enum's member) is kept as a plain str
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        # Remember it, so one unknown value always maps to one object.
        return cast(Self, cls._value2member_map_.setdefault(value, member))
