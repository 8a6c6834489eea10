"""How long one attempt may wait on the network, counted where the waiting happens: in connecting
and in each socket read and send.

A per-read timeout alone lets a server that trickles a byte now and then hold a call forever; a
deadline on the wall clock would also count the time a caller spends between reads of a streamed
answer. So each attempt carries an :class:`AttemptBudget` of seconds spent sending or waiting for
bytes; every read and send lowers the socket timeout to what is left, and fails once nothing is.
"""

from __future__ import annotations

import io
import math
import socket
import time
from typing import Any

from zuora_sdk._core import constants


class OutOfTime(TimeoutError):
    """The attempt has spent its time on the network (urllib3 reports it as a timeout)."""


class AttemptBudget:
    """Seconds one attempt may spend on the network (connecting, sending, waiting for and reading
    the answer), plus ``per_byte`` seconds for each byte sent or received (so that a large
    transfer that keeps moving is not cut short). ``seconds`` None: no limit beyond the per-read
    timeouts."""

    __slots__ = ("expired", "moved", "per_byte", "seconds", "spent")

    def __init__(self, seconds: float | None, per_byte: float = 0.0) -> None:
        self.seconds = seconds
        self.per_byte = per_byte
        self.spent = 0.0
        self.moved = 0
        self.expired = False

    def fresh(self) -> AttemptBudget:
        """The same budget, unspent: for the next attempt."""
        return AttemptBudget(self.seconds, self.per_byte)

    def lift(self) -> None:
        """No limit from now on: the caller reads the answer in its own time."""
        self.seconds = None

    def remaining(self) -> float:
        if self.seconds is None:
            return math.inf
        return self.seconds + self.moved * self.per_byte - self.spent

    def timeout_for(self, socket_timeout: float | None) -> float | None:
        """The socket timeout for the next read or send: the usual one, or less when less is left."""
        left = self.remaining()
        if left <= 0:
            self.expired = True
            raise OutOfTime("the attempt's deadline has passed")
        if socket_timeout is not None and socket_timeout <= left:
            return socket_timeout
        return None if math.isinf(left) else left

    def charge(self, since: float, moved: int) -> None:
        self.spent += time.monotonic() - since
        self.moved += moved

    def describe(self) -> str:
        extra = f" plus 1 s per {constants.SLOWEST_TRANSFER_BYTES // 1024} KiB moved" if self.per_byte else ""
        return f"{self.seconds:g} s{extra}"


def budget_for(timeout: Any, configured: float | None) -> AttemptBudget:
    """The budget of an attempt made with ``timeout`` (a call's ``_request_timeout`` or the
    configured timeout): a number, or a ``urllib3.Timeout`` with ``total``, is the whole budget,
    as the generated SDK documents it; otherwise ``configured`` (``Configuration.attempt_timeout``
    or ``upload_attempt_timeout``), by default three times the read timeout, and a second more per
    ``SLOWEST_TRANSFER_BYTES`` moved."""
    if isinstance(timeout, (int, float)):
        return AttemptBudget(float(timeout))
    total = getattr(timeout, "total", None)
    if isinstance(total, (int, float)):
        return AttemptBudget(float(total))
    read = timeout[1] if isinstance(timeout, tuple) else getattr(timeout, "read_timeout", None)
    seconds = configured
    if seconds is None and isinstance(read, (int, float)):
        seconds = constants.ATTEMPT_READ_TIMEOUTS * float(read)
    return AttemptBudget(seconds, 1.0 / constants.SLOWEST_TRANSFER_BYTES)


class BudgetedReader(io.RawIOBase):
    """A socket's byte stream whose every read respects the attempt's budget."""

    def __init__(self, raw: io.RawIOBase, sock: socket.socket, budget: AttemptBudget) -> None:
        super().__init__()
        self._raw = raw
        self._sock = sock
        self._budget = budget
        self._timeout = sock.gettimeout()  # the read timeout, as set for this answer
        self._current = self._timeout

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        timeout = self._budget.timeout_for(self._timeout)
        if timeout != self._current:
            self._sock.settimeout(timeout)
            self._current = timeout
        since = time.monotonic()
        got = 0
        try:
            got = self._raw.readinto(buffer) or 0
        except TimeoutError:
            if timeout != self._timeout:  # the deadline, not the read timeout, ran out
                self._budget.expired = True
            raise
        finally:
            self._budget.charge(since, got)
        return got

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()
