"""Numbers in words for people: ``1 row``, ``2 rows``, ``0:07``; never ``None``."""

from __future__ import annotations


def plural(count: int | None, noun: str, nouns: str | None = None) -> str:
    """``1 row``, ``2 rows``, ``30,000 rows``; a missing count is 0."""
    n = count or 0
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


def duration(seconds: float) -> str:
    """``0:07``, ``12:30``, ``1:02:03``."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
