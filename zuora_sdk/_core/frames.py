"""pandas DataFrames and Arrow tables as load input.

Neither pandas nor pyarrow is imported: a frame is recognised by the module of its type.

Values become CSV text on purpose, not through ``str()``:

- missing values (``None``, ``NaN``, ``NaT``, ``pd.NA``) are empty cells;
- booleans are ``true``/``false``; integers are digits, also when pandas stored them as floats
  (an integer column with a gap holds ``2020.0``, sent as ``2020``);
- floats are written exactly as Python reads them back, never in exponent form (``1e-07`` is
  ``0.0000001``); ``Decimal`` values keep their digits (``1.10``); infinities are refused;
- dates, times and datetimes (``pd.Timestamp`` too) are ISO 8601; a zone is kept when there is one;
- ``bytes`` are refused, naming the column and row: decode them first;
- lists, dicts and sets are refused as well (a cell holds one value); anything else is ``str()``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from zuora_sdk.exceptions import ApiTypeError, ApiValueError


def is_frame(source: Any) -> bool:
    """Whether ``source`` is a pandas DataFrame or a pyarrow Table or RecordBatch."""
    kind = type(source)
    package = kind.__module__.partition(".")[0]
    return (package == "pandas" and kind.__name__ == "DataFrame") or (
        package == "pyarrow" and kind.__name__ in ("Table", "RecordBatch")
    )


def frame_records(source: Any, param: str = "source") -> tuple[list[str], Iterator[list[str]]]:
    """The header and the rows (as CSV cells) of a DataFrame or an Arrow table."""
    header = [str(name) for name in (source.columns if _is_pandas(source) else source.schema.names)]
    if not header:
        raise ApiValueError(f"{param}: the data frame has no columns")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise ApiValueError(f"{param}: column names must be unique, repeated: {', '.join(repeated)}")
    rows = _pandas_rows(source) if _is_pandas(source) else _arrow_rows(source)
    return header, _cells(header, rows, param)


def _is_pandas(source: Any) -> bool:
    return type(source).__module__.startswith("pandas")


def _pandas_rows(frame: Any) -> Iterator[tuple[Any, Sequence[Any]]]:
    for row in frame.itertuples(index=True, name=None):
        yield row[0], row[1:]


def _arrow_rows(table: Any) -> Iterator[tuple[Any, Sequence[Any]]]:
    batches = table.to_batches() if hasattr(table, "to_batches") else [table]
    index = 0
    for batch in batches:
        for values in zip(*(column.to_pylist() for column in batch.columns), strict=True):
            yield index, values
            index += 1


def _cells(header: list[str], rows: Iterator[tuple[Any, Sequence[Any]]], param: str) -> Iterator[list[str]]:
    for number, (label, values) in enumerate(rows, start=2):  # the header is row 1, as Zuora counts
        try:
            yield [cell(value) for value in values]
        except (TypeError, ValueError) as exc:
            column = next(name for name, value in zip(header, values, strict=True) if _refused(value))
            where = f"{param}: column {column!r}, input row {number} (index {label!r})"
            error = ApiTypeError if isinstance(exc, TypeError) else ApiValueError
            raise error(f"{where}: {exc}") from None


def _refused(value: Any) -> bool:
    try:
        cell(value)
    except (TypeError, ValueError):
        return True
    return False


def cell(value: Any) -> str:
    """One value as CSV text (see the module docstring)."""
    if value is None or isinstance(value, str):
        return value or ""
    kind = type(value).__name__
    if kind in ("NAType", "NaTType"):  # pd.NA, pd.NaT
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError("bytes cannot be sent as CSV text; decode them first (value.decode('utf-8'))")
    if isinstance(value, bool) or kind in ("bool", "bool_"):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return "" if value.is_nan() else _plain(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if kind == "datetime64":
        return str(value) if str(value) != "NaT" else ""
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        raise TypeError(f"a {kind} cannot be sent in one CSV cell")
    if isinstance(value, int) or hasattr(value, "is_integer") or kind.startswith(("int", "uint", "float")):
        return _number(value)
    return str(value)


def _number(value: Any) -> str:
    if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
        return str(int(value))
    number = float(value)
    if math.isnan(number):
        return ""
    if math.isinf(number):
        raise ValueError(f"{number} cannot be sent: Zuora takes finite numbers")
    if number.is_integer():
        return str(int(number))
    return _plain(Decimal(repr(number)))  # the shortest text that reads back as the same float


def _plain(number: Decimal) -> str:
    """A decimal in plain notation, with its own digits: ``1.10``, ``0.0000001``, never ``1E-7``."""
    if not number.is_finite():
        raise ValueError(f"{number} cannot be sent: Zuora takes finite numbers")
    return format(number, "f")
