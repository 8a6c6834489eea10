"""Results as pandas DataFrames, when pandas is installed (``pip install 'zuora-sdk-jobs[frames]'``).

pandas is imported only when a DataFrame is asked for. This module imports nothing from the SDK:
models use it.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

FRAMES_HINT = "pip install 'zuora-sdk-jobs[frames]'"


def data_frame(records: list[dict[str, Any]], columns: Sequence[str] | None = None) -> Any:
    """A pandas DataFrame of ``records``; ``ImportError`` with the install command when pandas is missing."""
    try:
        pandas = importlib.import_module("pandas")  # optional: never a dependency
    except ImportError:
        raise ImportError(f"a DataFrame needs pandas: {FRAMES_HINT}") from None
    if columns is not None and not records:
        return pandas.DataFrame(columns=list(columns))
    return pandas.DataFrame.from_records(records, columns=list(columns) if columns is not None else None)


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """One level of nesting as ``key.subkey`` columns (a row error's ``record``, a job's ``error``)."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                flat[f"{key}.{sub}"] = inner
        else:
            flat[key] = value
    return flat
