"""Small HTML tables for notebooks (``_repr_html_``): every value escaped, long lists cut short."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from typing import Any

MAX_ROWS = 50  # a notebook shows the first rows; the data itself stays complete


def cell(value: Any) -> str:
    """A value as table text: ``None`` is empty, nested data compact JSON, the rest ``str()``."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str, separators=(", ", ": "))
    return str(value)


def table(
    header: Sequence[str], rows: Iterable[Sequence[Any]], caption: str | None = None, total: int | None = None
) -> str:
    """An HTML table of ``rows`` under ``header``; past ``MAX_ROWS`` rows, a last line says how many more."""
    out = ["<table>"]
    if caption:
        out.append(f"<caption style='text-align:left'>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(name)}</th>" for name in header) + "</tr></thead><tbody>")
    shown = 0
    for row in rows:
        if shown == MAX_ROWS:
            break
        out.append("<tr>" + "".join(f"<td>{html.escape(cell(value))}</td>" for value in row) + "</tr>")
        shown += 1
    out.append("</tbody></table>")
    if total is not None and total > shown:
        out.append(f"<p>… and {total - shown:,} more</p>")
    return "".join(out)


def records_table(records: Sequence[dict[str, Any]], caption: str | None = None) -> str:
    """A table of dicts: one column per key, in the order keys first appear."""
    header: dict[str, None] = {}
    for record in records[:MAX_ROWS]:
        header.update(dict.fromkeys(record))
    names = list(header)
    return table(names, ([record.get(name) for name in names] for record in records), caption, len(records))
