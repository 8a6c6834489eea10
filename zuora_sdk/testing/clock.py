"""The simulator clock: real time plus an offset that `advance()` moves forward."""

from __future__ import annotations

import functools
import math
import threading
import time
from datetime import datetime, timezone

from .fields import format_datetime


class SimClock:
    """Monotonic seconds for deadlines and wall-clock timestamps, both shifted by `advance()`."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()
        # wall time = monotonic reading + this, fixed once so the two never drift apart
        self._wall_minus_mono = time.time() - time.monotonic()

    def now(self) -> float:
        """Simulator seconds (monotonic): compare with deadlines computed from earlier readings."""
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError("the simulator clock moves forward by a finite number of seconds")
        with self._lock:
            self._offset += seconds

    def wall(self, moment: float | None = None) -> float:
        """Epoch seconds for a simulator reading (default: now)."""
        return (self.now() if moment is None else moment) + self._wall_minus_mono

    def timestamp(self, moment: float | None = None) -> str:
        """A Zuora-style UTC timestamp with milliseconds for a simulator reading (default: now)."""
        return _timestamp(round(self.wall(moment), 3))


@functools.lru_cache(maxsize=4096)
def _timestamp(epoch: float) -> str:
    return format_datetime(datetime.fromtimestamp(epoch, timezone.utc))
