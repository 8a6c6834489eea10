"""The progress file of a bulk load: an append-only log of what happened to each part.

One JSON object per line, followed by a space and the CRC-32 of the JSON text, so every line can
be checked. The first line names the load and records when it began; each later line updates one
part (``{"part": 3, "state": "submitted", "job_id": "..."}``) or records a fact about the load (the
user its jobs are created by, a submit whose job could not be found). A later line wins over an
earlier one.

A crash can only tear the last line: it is dropped (and cut off before the next append). A bad
line anywhere else means the file was damaged, and the load refuses to go on rather than guess.
The file is created whole (header written, then linked into place), so an empty progress file is
never one of ours: it is refused too. The file is owner-only and locked while a load uses it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import zlib
from datetime import datetime, timezone
from typing import Any

from zuora_sdk.exceptions import ApiValueError

try:
    import fcntl
except ImportError:  # pragma: no cover - no advisory locks on this platform
    fcntl = None  # type: ignore[assignment]

FORMAT = 2
_START_OVER = "delete it only if you are sure nothing of this load was submitted, or check the jobs first"


class ProgressLog:
    """Part states of one load, kept in memory and, when ``path`` is set, in a log file."""

    def __init__(self, path: str | os.PathLike[str] | None, identity: dict[str, Any]) -> None:
        self.path = os.fspath(path) if path is not None else None
        self.identity = identity
        self.parts: dict[int, dict[str, Any]] = {}
        self.facts: list[dict[str, Any]] = []  # lines that are not about one part, in order
        self.job_ids: set[str] = set()  # every job any line named: the jobs this load owns
        self.resumed = False
        self.started = datetime.now(timezone.utc)
        self._fd: int | None = None
        self._created_size: int | None = None  # the header's length, when this object wrote it
        if self.path is None:
            return
        try:
            if not os.path.exists(self.path):
                self._create()
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND)
        except OSError as exc:
            raise ApiValueError(f"progress file {self.path!r} cannot be used: {exc.strerror or exc}") from None
        try:
            _lock(fd, self.path)
            os.fchmod(fd, 0o600)  # a file made by an earlier version may be readable by others
            if self._created_size != os.fstat(fd).st_size:  # not just the header written here: read it
                self._read(fd)
                self.resumed = True
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    # ----- reading -------------------------------------------------------------------------------

    def _read(self, fd: int) -> None:
        assert self.path is not None
        data = os.pread(fd, os.fstat(fd).st_size, 0)
        if not data.strip():
            raise ApiValueError(
                f"progress file {self.path!r} is empty, so it cannot say what was loaded already (a load "
                f"always writes its first line before sending anything); loading now could store rows twice: "
                f"{_START_OVER}"
            )
        lines = data.split(b"\n")
        torn_at = None
        if lines[-1] == b"":
            lines.pop()
        entries: list[dict[str, Any]] = []
        offset = 0
        for number, raw in enumerate(lines, 1):
            entry, problem = _decode(raw)
            if problem is not None:
                if number < len(lines):
                    raise ApiValueError(
                        f"progress file {self.path!r} is damaged at line {number} ({problem}): it cannot be "
                        f"trusted to say what was loaded already; {_START_OVER}"
                    )
                torn_at = offset  # the last line, torn by a crash: dropped, and cut off before appending
                break
            assert entry is not None
            entries.append(entry)
            offset += len(raw) + 1
        if not entries or "load" not in entries[0]:
            raise ApiValueError(
                f"progress file {self.path!r} does not start with a load's first line; loading now could store "
                f"rows twice: {_START_OVER}"
            )
        header = entries[0]
        if header.get("load") != self.identity or header.get("format") != FORMAT:
            raise ApiValueError(
                f"progress file {self.path!r} belongs to another load ({header.get('load')}); "
                "use another file, or delete it to start over"
            )
        try:
            self.started = datetime.fromisoformat(header["started"])
        except (KeyError, TypeError, ValueError):
            raise ApiValueError(f"progress file {self.path!r} is damaged at line 1 (no start time)") from None
        if torn_at is not None:
            os.ftruncate(fd, torn_at)
        for entry in entries[1:]:
            if entry.get("complete"):
                continue  # the load's end mark: nothing to resume from it
            if isinstance(entry.get("part"), int):
                self.parts.setdefault(entry["part"], {}).update(entry)
            else:
                self.facts.append(entry)
            if entry.get("job_id"):
                self.job_ids.add(str(entry["job_id"]))
        self.parts = {index: part for index, part in self.parts.items() if part.get("state")}

    # ----- writing -------------------------------------------------------------------------------

    def _create(self) -> None:
        """Write the header to a private file and link it into place: the log is never seen empty."""
        assert self.path is not None
        directory = os.path.dirname(os.path.abspath(self.path))
        fd, temporary = tempfile.mkstemp(prefix=".zuora-progress-", dir=directory)  # 0600
        try:
            line = _encode({"load": self.identity, "format": FORMAT, "started": self.started.isoformat()})
            os.write(fd, line)
            os.fsync(fd)
            os.close(fd)
            fd = -1
            try:
                os.link(temporary, self.path)
            except FileExistsError:
                return  # another run created it meanwhile: read theirs (the lock decides who goes on)
            self._created_size = len(line)
            _sync_directory(directory)
        finally:
            if fd >= 0:
                os.close(fd)
            os.unlink(temporary)

    def update(self, index: int, **changes: Any) -> dict[str, Any]:
        record = self.parts.setdefault(index, {"part": index})
        record.update(changes)
        if changes.get("job_id"):
            self.job_ids.add(str(changes["job_id"]))
        self._append({"part": index, **changes})
        return record

    def forget(self, index: int) -> None:
        """Drop a part that was never created (its submit was refused), so it starts afresh."""
        self.parts.pop(index, None)
        self._append({"part": index, "state": None})

    def note(self, **fact: Any) -> None:
        """Record a fact about the load as a whole."""
        self.facts.append(fact)
        if fact.get("job_id"):
            self.job_ids.add(str(fact["job_id"]))
        self._append(fact)

    def finish(self) -> None:
        self._append({"complete": True})

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # releases the lock

    def _append(self, entry: dict[str, Any]) -> None:
        if self._fd is None:
            return
        os.write(self._fd, _encode(entry))
        os.fsync(self._fd)


def _encode(entry: dict[str, Any]) -> bytes:
    text = json.dumps(entry, separators=(",", ":")).encode()
    return text + b" %08x\n" % zlib.crc32(text)


def _decode(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The entry of one line, or why the line is not one of ours."""
    text, _, check = raw.rpartition(b" ")
    if len(check) != 8 or b"%08x" % zlib.crc32(text) != check:
        return None, "its checksum does not match"
    try:
        entry = json.loads(text)
    except ValueError:
        return None, "it is not JSON"
    if not isinstance(entry, dict):
        return None, "it is not a JSON object"
    return entry, None


def _lock(fd: int, path: str) -> None:
    if fcntl is None:  # pragma: no cover
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise ApiValueError(f"progress file {path!r} is in use by another running load") from None


def _sync_directory(directory: str) -> None:
    with contextlib.suppress(OSError):  # not every platform or file system can
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
