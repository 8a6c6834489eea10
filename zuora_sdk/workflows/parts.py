"""Reading a load's input as CSV records and cutting it into job files under the size limit.

Parts are cut at record boundaries (a quoted value may span lines) and written to files in a
work directory, so memory stays small whatever the input size, and a part can be re-read to
retry its upload or to copy out its failed rows.

A CSV file, CSV bytes or a binary file are cut as bytes, records copied as they are: a record ends
at a line end outside quotes. Stretches of lines without quotes, lone CRs or blank lines are cut a
block at a time with bytes operations (find, count); a line holding a quote is matched as one
well-formed record, and anything odder goes through ``csv`` a record at a time, so records end
exactly where ``csv`` ends them. Text files and rows are read as CSV records and written out.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, TypeVar, Union

from typing_extensions import Self

from zuora_sdk._core.bodies import csv_records
from zuora_sdk.exceptions import ApiTypeError, ApiValueError
from zuora_sdk.workflows.ahead import ReadAhead

T = TypeVar("T")

# What a load reads: a path (``str`` or ``os.PathLike``), CSV bytes, a binary or text file object, or
# rows (dicts, or sequences after a header row).
LoadSource = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes], IO[str], Iterable[Any]]


@dataclass(frozen=True)
class Part:
    """One job file: data records ``first_row`` .. ``first_row + rows - 1`` of the input.

    Rows are numbered as Zuora numbers them in a file: the header is row 1, data starts at row 2.
    """

    index: int
    first_row: int
    rows: int
    path: str
    size: int
    crc: int

    def input_row(self, job_row: int) -> int:
        """The input row of a row number reported for this part's job."""
        return self.first_row + job_row - 2


class LoadInput:
    """A load's input: its header now, its parts as they are needed. Close it when done.

    ``cut_ahead``: the parts may be cut in a background thread (the input is read by our code
    alone; a caller's iterator of rows may hold objects tied to its thread, such as a cursor).
    """

    def __init__(
        self,
        header: list[str],
        cut: Callable[[str], Iterator[Part]],
        fh: IO[bytes] | None = None,
        cut_ahead: bool = False,
    ) -> None:
        self.header = header
        self._cut = cut
        self._fh = fh
        self.cut_ahead = cut_ahead

    def parts(self, workdir: str) -> Iterator[Part]:
        """The parts, written to files in ``workdir`` one at a time as the iterator advances."""
        return self._cut(workdir)

    def feed(self, workdir: str, consume: Callable[[Iterator[Part]], T]) -> T:
        """``consume(self.parts(workdir))``, with the next part cut while ``consume`` works on the
        current one where ``cut_ahead``. When this returns or raises, the cutting has stopped and
        the file of a part cut ahead but never taken is removed, so ``workdir`` can go."""
        if not self.cut_ahead:
            return consume(self.parts(workdir))
        with ReadAhead(self.parts(workdir), discard=_remove_part) as parts:
            return consume(parts)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_input(source: LoadSource, part_bytes: int, fieldnames: Sequence[str] | None = None) -> LoadInput:
    """The header and parts of ``source`` (see :func:`open_records`) in parts of ``part_bytes``."""
    fh: IO[bytes]
    owned = True
    if isinstance(source, (str, os.PathLike)):
        try:
            fh = open(source, "rb")  # noqa: SIM115 - closed by LoadInput.close
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            raise ApiValueError(f"source: cannot read {os.fspath(source)!r}: {reason}") from None
    elif isinstance(source, (bytes, bytearray, memoryview)):
        fh = io.BytesIO(source)
    elif hasattr(source, "read") and not _is_text(source):
        fh = source  # type: ignore[assignment]  # the caller's binary file: read here, closed by the caller
        owned = False
    else:
        header, rows = open_records(source, fieldnames)
        return LoadInput(header, lambda workdir: split_parts(header, rows, part_bytes, workdir))
    try:
        records = _ByteRecords(_Blocks(fh), part_bytes)
        try:
            head = records.next() or b""
        except _UnreadableRecord as exc:
            raise ApiValueError(f"source: the header row cannot be read as CSV: {exc}") from None
        if len(head) >= part_bytes:
            raise ApiValueError(
                f"the header row alone ({len(head)} bytes or more) does not fit in a part of {part_bytes} bytes"
            )
        header = _parse_header(head)
    except BaseException:
        if owned:
            fh.close()
        raise

    def cut(workdir: str) -> Iterator[Part]:
        return _Cutter(head, part_bytes, workdir).cut_bytes(records)

    return LoadInput(header, cut, fh if owned else None, cut_ahead=True)

_BOM = b"\xef\xbb\xbf"
_BLANK = frozenset({b"\n", b"\r\n", b"\r"})
_BLOCK = 1 << 20  # bytes the fast cutter looks at a time
_BATCH = 1 << 18  # bytes of single records gathered before a write
_LINE_ENDS = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_LONE_CR = re.compile(rb"\r(?!\n)")
# One record as csv reads it when nothing in it is odd: no blank line, fields either without quotes
# and line ends, or quoted (commas, line ends and doubled quotes inside) and closed right before a
# comma or the line end (LF or CRLF).
_FIELD = rb'(?:"[^"]*(?:""[^"]*)*"|[^",\r\n]*)'
_RECORD = re.compile(rb"(?!\r?\n)" + _FIELD + rb"(?:," + _FIELD + rb")*\r?\n")


class _RecordTooLarge(Exception):
    pass


class _UnreadableRecord(Exception):
    pass


class _Blocks:
    """A binary input read a large block at a time: ``buf[pos:]`` is what has not been taken yet."""

    def __init__(self, fh: Any) -> None:
        self.read = fh.read
        self.buf = b""
        self.pos = 0
        self.start = 0  # the input offset of ``buf[0]``
        self.eof = False

    @property
    def offset(self) -> int:
        return self.start + self.pos

    def fill(self, want: int) -> None:
        """Read until ``want`` bytes are buffered after ``pos``, or the input ends."""
        have = len(self.buf) - self.pos
        if have >= want or self.eof:
            return
        chunks = [self.buf[self.pos:]]
        while have < want:
            chunk = self.read(max(want - have, _BLOCK))
            if not chunk:
                self.eof = True
                break
            chunks.append(chunk)
            have += len(chunk)
        self.start += self.pos
        self.buf, self.pos = b"".join(chunks), 0

    def readline(self, size: int) -> bytes:
        """Like ``BufferedReader.readline(size)``: up to a LF included, at most ``size`` bytes."""
        while True:
            buf, pos = self.buf, self.pos
            end = buf.find(b"\n", pos, pos + size) + 1
            if not end:
                have = len(buf) - pos
                if have < size and not self.eof:
                    self.fill(min(size, have + _BLOCK))  # a block more: a line is rarely long
                    continue
                end = min(len(buf), pos + size)
            self.pos = end
            return buf[pos:end]


class _Lines:
    """The lines of a binary CSV input as ``csv`` sees them in a file opened with ``newline=""``:
    ended by LF, CRLF or a lone CR. Memory stays bounded: a line longer than ``limit`` comes cut
    (the caller refuses it). ``aligned`` once every line read so far is handed out and the last
    ended with a LF: the input's next byte starts a line."""

    def __init__(self, blocks: _Blocks, limit: int) -> None:
        self.readline = blocks.readline
        self.limit = limit
        self.pending = b""  # the start of a line whose end has not been read yet
        self.ready: list[bytes] = []  # lines read, not handed out yet (last first)
        self.first = True
        self.aligned = True

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> bytes:
        if self.ready:
            line = self.ready.pop()
            self.aligned = not self.ready and not self.pending and line[-1:] == b"\n"
            return line
        while True:
            chunk = self.readline(self.limit + 1)
            if self.first:
                self.first = False
                if chunk.startswith(_BOM):
                    chunk = chunk[len(_BOM):]
            if not chunk:
                line, self.pending = self.pending, b""
                if not line:
                    raise StopIteration
                self.aligned = False
                return line
            data = self.pending + chunk if self.pending else chunk
            if data[-1:] == b"\n":
                cr = data.find(b"\r")
                if cr == -1 or cr == len(data) - 2:  # the usual case: one whole line, LF or CRLF
                    self.pending = b""
                    self.aligned = True
                    return data
            pieces: list[bytes] = _LINE_ENDS.findall(data)
            # A last piece without its end (or with a CR that a LF may follow) waits for more.
            self.pending = b"" if pieces[-1].endswith(b"\n") else pieces.pop()
            if len(self.pending) > self.limit:
                pieces.append(self.pending)  # too long to be a record anyway: hand it over to be refused
                self.pending = b""
            if pieces:
                pieces.reverse()
                self.ready = pieces
                return next(self)


class _TextLines:
    """Lines decoded for ``csv.reader``, starting with ``start(line)``: ``taken`` keeps the lines
    of the record being read; it gives up once they pass ``limit`` bytes."""

    def __init__(self, lines: Iterator[bytes], limit: int) -> None:
        self.lines = lines
        self.limit = limit
        self.first: bytes | None = None
        self.taken: list[bytes] = []
        self.taken_bytes = 0
        self.ended = False  # the input ran out while csv was reading a record

    def start(self, line: bytes) -> None:
        self.first, self.taken, self.taken_bytes = line, [], 0

    def __iter__(self) -> _TextLines:
        return self

    def __next__(self) -> str:
        if self.first is not None:
            line, self.first = self.first, None
        else:
            try:
                line = next(self.lines)
            except StopIteration:
                self.ended = True
                raise
        self.taken.append(line)
        self.taken_bytes += len(line)
        if self.taken_bytes > self.limit:
            raise _RecordTooLarge
        # Undecodable bytes pass through: the part writer reports them with their row number.
        return line.decode("utf-8", "surrogateescape")


class _ByteRecords:
    """The CSV records of a binary input one at a time, each as its bytes, line end included, ending
    where ``csv.reader`` ends it. A line without a quote is a record by itself; from a line with one,
    ``csv.reader`` reads as many lines as the record takes. A record longer than ``limit`` comes cut
    short there (the caller refuses it). The fast cutter takes over between records when ``aligned``."""

    def __init__(self, blocks: _Blocks, limit: int) -> None:
        self.blocks = blocks
        self.lines = _Lines(blocks, limit)
        self.text = _TextLines(self.lines, limit)
        self.reader = csv.reader(self.text)

    def next(self) -> bytes | None:
        line = next(self.lines, None)
        if line is None:
            return None
        text = self.text
        if b'"' in line:
            text.start(line)
            try:
                next(self.reader, None)
            except _RecordTooLarge:
                pass  # a quote left open runs on and on: what was read is refused as too large
            except csv.Error as exc:
                raise _UnreadableRecord(str(exc)) from None
            line = b"".join(text.taken)
        if line[-1:] == b"\r" and not text.ended:
            # Ended by a lone CR: sent ended by CRLF, or a record made only of a LF that follows
            # would join it as one CRLF. (At the very end, a CR may be inside an open quote.)
            line += b"\n"
        return line


class _Window:
    """Whole lines ``buf[start:end]`` (``end`` just after a LF) and where in them the next line
    starts that the fast cutter cannot take as it is: one holding a quote or a lone CR, a blank
    line, or one that is not UTF-8. Each is looked for again only once passed, so every byte is
    searched once per kind."""

    def __init__(self, buf: bytes, start: int, end: int) -> None:
        self.buf, self.end = buf, end
        self.quote = self.lone_cr = self.blank_lf = self.blank_crlf = -1
        self.lone_crs = False
        if buf.find(b"\r", start, end) >= 0:
            self.lone_crs = buf.count(b"\r", start, end) != buf.count(b"\r\n", start, end)
        else:
            self.blank_crlf = end  # no CR at all: no CRLF blank line either
        self.bad = end  # the first byte that is not UTF-8
        text = buf[start:end]
        if not text.isascii():
            try:
                text.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.bad = start + exc.start

    def next_odd_line(self, pos: int) -> int:
        """The start of the first line at or after ``pos`` (a line start) that needs more care."""
        buf, end = self.buf, self.end
        if buf.startswith((b"\n", b"\r\n"), pos):
            return pos
        if self.quote < pos:
            self.quote = _found(buf.find(b'"', pos, end), end)
        if self.lone_cr < pos:
            found = _LONE_CR.search(buf, pos, end) if self.lone_crs else None
            self.lone_cr = found.start() if found else end
        if self.blank_lf < pos:
            self.blank_lf = _found(buf.find(b"\n\n", pos, end), end - 1) + 1
        if self.blank_crlf < pos:
            self.blank_crlf = _found(buf.find(b"\n\r\n", pos, end), end - 1) + 1
        first = min(self.quote, self.lone_cr, self.blank_lf, self.blank_crlf, self.bad)
        if first >= end:
            return end
        return max(pos, buf.rfind(b"\n", pos, first) + 1)


def _found(index: int, otherwise: int) -> int:
    return otherwise if index < 0 else index


class _Cutter:
    """Part files of at most ``part_bytes`` bytes, each the header then whole records as given.

    Rows are numbered as Zuora numbers them: blank lines are skipped and not counted. A record is
    written once it is checked to be UTF-8; a part is handed out as soon as a record does not fit
    in it, before anything after that record is read or checked.
    """

    def __init__(self, head: bytes, part_bytes: int, workdir: str) -> None:
        if not head.endswith((b"\n", b"\r")):
            head += b"\r\n"  # a header at the very end of the input: no records follow
        if len(head) >= part_bytes:
            raise ApiValueError(
                f"the header row alone ({len(head)} bytes) does not fit in a part of {part_bytes} bytes"
            )
        self.head, self.part_bytes, self.workdir = head, part_bytes, workdir
        self.room = part_bytes - len(head)  # for records, in a part of their own
        self.index = 0
        self.row = 1  # the last input row taken; the header is row 1
        self.part: _PartWriter | None = None

    def cut_records(self, records: Iterator[bytes]) -> Iterator[Part]:
        """Parts of records made from rows (valid UTF-8 by construction)."""
        try:
            while True:
                try:
                    record = next(records, None)
                except (UnicodeError, csv.Error) as exc:
                    raise ApiValueError(f"input row {self.row + 1} cannot be read: {exc}") from None
                if record is None:
                    break
                part = self.part
                if part is not None and part.size + len(record) <= self.part_bytes and record not in _BLANK:
                    self.row += 1  # the usual case, inline: one more record in the open part
                    part.add(record)
                else:
                    yield from self._take(record, checked=True)
            yield from self._close_last()
        finally:
            self._abandon()

    def cut_bytes(self, records: _ByteRecords) -> Iterator[Part]:
        """Parts of a binary input past its header: clean stretches a block at a time, the rest
        record by record."""
        blocks, lines = records.blocks, records.lines
        careful_past = -1  # an input offset the record-by-record reader has to pass first
        window: _Window | None = None
        try:
            while True:
                if not lines.aligned or blocks.offset <= careful_past:
                    record = self._read(records.next)
                    if record is None:
                        break
                    yield from self._take(record, checked=False)
                    continue
                if window is None or window.buf is not blocks.buf or blocks.pos >= window.end:
                    blocks.fill(_BLOCK)
                    buf, pos = blocks.buf, blocks.pos
                    end = buf.rfind(b"\n", pos, pos + _BLOCK) + 1
                    if not end:  # the last line, or a line longer than a block
                        window = None
                        careful_past = blocks.offset
                        continue
                    window = _Window(buf, pos, end)
                careful = yield from self._fast(window, blocks)
                if careful:
                    careful_past = blocks.offset
            yield from self._close_last()
        finally:
            self._abandon()

    def _fast(self, window: _Window, blocks: _Blocks) -> Generator[Part, None, bool]:
        """Take the lines of ``window`` from ``blocks.pos`` on; True when the line at ``blocks.pos``
        has to be read record by record.

        Records taken are written a run at a time: ``buf[run:pos]``, ``rows`` records, all in the
        current part (or the next one when none is open).
        """
        buf, end = window.buf, window.end
        pos = run = blocks.pos
        rows = 0
        # A record matched as a whole fits in a part of its own and holds no field csv would refuse.
        whole = min(csv.field_size_limit(), self.room)
        room = self.part_bytes - self.part.size if self.part else self.room
        careful = False
        try:
            while pos < end:
                odd = window.next_odd_line(pos)
                if odd > pos:
                    if odd - run <= room:
                        rows += buf.count(b"\n", pos, odd)
                        pos = odd
                    else:  # a part fills up in this stretch
                        self._write(buf, run, pos, rows)
                        pos = yield from self._stretch(buf, pos, odd)
                        run, rows = pos, 0
                        room = self.part_bytes - self.part.size if self.part else self.room
                        if pos < odd:
                            careful = True  # a line too large for any part: the careful reader names it
                            break
                if pos == end:
                    break
                match = _RECORD.match(buf, pos, end)
                stop = match.end() if match else pos
                if stop - pos > whole or window.bad < stop or stop == pos:
                    careful = True
                    break
                if stop - run > room:
                    self._write(buf, run, pos, rows)
                    yield from self._take(buf[pos:stop], checked=True)
                    run, rows = stop, 0
                    room = self.part_bytes - self.part.size if self.part else self.room
                else:
                    rows += 1
                pos = stop
        finally:
            blocks.pos = pos
        self._write(buf, run, pos, rows)
        return careful

    def _write(self, buf: bytes, start: int, stop: int, rows: int) -> None:
        """Add ``rows`` records, ``buf[start:stop]``, to the current part (opened if none is)."""
        if rows:
            part = self.part if self.part is not None else self._open(self.row + 1)
            part.write(memoryview(buf)[start:stop], rows)
            self.row += rows

    def _stretch(self, buf: bytes, pos: int, stop: int) -> Generator[Part, None, int]:
        """Write the records of ``buf[pos:stop]`` (whole lines, each a record, checked UTF-8); where
        they stop when a line is too large for any part."""
        view = memoryview(buf)
        while pos < stop:
            part = self.part
            room = self.room if part is None else self.part_bytes - part.size
            cut = stop if stop - pos <= room else buf.rfind(b"\n", pos, pos + room) + 1
            if cut > pos:
                rows = buf.count(b"\n", pos, cut)
                if part is None:
                    part = self._open(self.row + 1)
                part.write(view[pos:cut], rows)
                self.row += rows
                pos = cut
                if pos == stop:
                    break
            # The record at ``pos`` does not fit in this part.
            if buf.find(b"\n", pos, stop) + 1 - pos > self.room:
                return pos
            yield self._close()
        return pos

    def _read(self, read: Callable[[], bytes | None]) -> bytes | None:
        try:
            return read()
        except (_UnreadableRecord, UnicodeError, csv.Error) as exc:
            raise ApiValueError(f"input row {self.row + 1} cannot be read: {exc}") from None

    def _take(self, record: bytes, checked: bool) -> Iterator[Part]:
        """Add one record; the part it does not fit in comes out first."""
        if record in _BLANK:
            return  # a blank line is no record: Zuora skips it without numbering it
        self.row += 1
        if len(record) > self.room:
            hint = " (is a quote left open?)" if b'"' in record else ""
            raise ApiValueError(
                f"input row {self.row} is {len(record)} bytes or more: with the header it does not fit in a part of "
                f"{self.part_bytes} bytes{hint}"
            )
        part = self.part
        if part is not None and part.size + len(record) > self.part_bytes:
            yield self._close()
            part = None
        if not checked:
            try:
                record.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ApiValueError(
                    f"input row {self.row} is not valid UTF-8 (byte {exc.start + 1} of the row)"
                ) from None
        if part is None:
            part = self._open(self.row)
        part.add(record)

    def _open(self, first_row: int) -> _PartWriter:
        path = os.path.join(self.workdir, f"part-{self.index:05d}.csv")
        self.part = _PartWriter(self.index, first_row, path, self.head)
        return self.part

    def _close(self) -> Part:
        assert self.part is not None
        part, self.part = self.part.close(), None
        self.index += 1
        return part

    def _close_last(self) -> Iterator[Part]:
        if self.part is not None:
            yield self._close()

    def _abandon(self) -> None:
        if self.part is not None:
            self.part.out.close()  # stopped midway: the part file is left for the work directory to remove
            self.part = None


def _owner_only(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


class _PartWriter:
    """A part file being written: the header, then records already checked. Single records are
    gathered and written a batch at a time (fewer calls per row); ``size`` and ``rows`` count them."""

    def __init__(self, index: int, first_row: int, path: str, head: bytes) -> None:
        self.index, self.first_row, self.path = index, first_row, path
        # Owner-only: a part holds customer data (the work directory is owner-only as well).
        self.out = open(path, "wb", opener=_owner_only)  # noqa: SIM115 - closed by close()
        self.out.write(head)
        self.size, self.crc, self.rows = len(head), zlib.crc32(head), 0
        self.batch: list[bytes] = []
        self.batch_bytes = 0

    def add(self, record: bytes) -> None:
        self.batch.append(record)
        self.batch_bytes += len(record)
        self.size += len(record)
        self.rows += 1
        if self.batch_bytes >= _BATCH:
            self._flush()

    def write(self, data: bytes | memoryview, rows: int) -> None:
        if self.batch:
            self._flush()
        self.out.write(data)
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self.rows += rows

    def _flush(self) -> None:
        data = b"".join(self.batch)
        self.out.write(data)
        self.crc = zlib.crc32(data, self.crc)
        self.batch, self.batch_bytes = [], 0

    def close(self) -> Part:
        if self.batch:
            self._flush()
        self.out.close()
        return Part(self.index, self.first_row, self.rows, self.path, self.size, self.crc)


def _parse_header(head: bytes) -> list[str]:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiValueError("source: the header row is not valid UTF-8") from None
    try:
        return _take_header(csv.reader(io.StringIO(text, newline="")))[0]
    except csv.Error as exc:
        raise ApiValueError(f"source: the header row cannot be read as CSV: {exc}") from None


def _remove_part(part: Part) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(part.path)


def open_records(source: Any, fieldnames: Sequence[str] | None = None) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and an iterator over the data records of a text file object, or of an iterable
    of rows (dicts or sequences, as for uploads). Paths, bytes and binary files go through
    :func:`open_input`'s byte reader."""
    records: Iterator[list[Any]]
    if hasattr(source, "read"):  # a text file: binary ones are read as bytes by open_input
        records = iter(csv.reader(source))
    elif isinstance(source, Iterable) and not isinstance(source, (str, bytes)):
        records = csv_records(source, fieldnames, "source")
    else:
        raise ApiTypeError(
            f"source must be a path, CSV bytes, a file object or an iterable of rows, not {type(source).__name__}"
        )
    return _take_header(records)


def _take_header(records: Iterator[list[Any]]) -> tuple[list[str], Iterator[list[Any]]]:
    try:
        header = next(records, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ApiValueError(f"source: the header row cannot be read: {exc}") from None
    if not header or not any(str(name).strip() for name in header):
        raise ApiValueError("source has no CSV header row")
    names = [str(name) for name in header]
    names[0] = names[0].removeprefix("\ufeff")  # a byte order mark read as text
    return names, records


def _is_text(fh: Any) -> bool:
    return isinstance(fh, io.TextIOBase) or isinstance(fh.read(0), str)


class _LastLine:
    """A write target that keeps the last string written (what the csv writer made of a row)."""

    line = ""

    def write(self, text: str) -> int:
        self.line = text
        return len(text)


def split_parts(
    header: Sequence[str], records: Iterator[Sequence[Any]], part_bytes: int, workdir: str
) -> Iterator[Part]:
    """Write records to part files of at most ``part_bytes`` bytes (header included), lazily."""
    last = _LastLine()
    writer = csv.writer(last, lineterminator="\r\n")
    writer.writerow(header)

    def encoded() -> Iterator[bytes]:
        for record in records:
            writer.writerow(record)
            yield last.line.encode("utf-8")

    try:
        head = last.line.encode("utf-8")
    except UnicodeError:
        raise ApiValueError("the header row cannot be written as UTF-8 (it holds a lone surrogate)") from None
    return _Cutter(head, part_bytes, workdir).cut_records(encoded())


def read_part_rows(part: Part, wanted: set[int]) -> Iterator[tuple[int, list[str]]]:
    """The records of ``part`` whose job row numbers are in ``wanted``, with those numbers."""
    if not wanted:
        return  # most parts: nothing failed, nothing to read back
    last = max(wanted)
    with open(part.path, encoding="utf-8", newline="") as fh, contextlib.suppress(csv.Error):
        # A row csv cannot read (a field over csv.field_size_limit) ends the read-back; the rows not
        # read are reported without their values.
        reader = csv.reader(fh)
        next(reader, None)
        for job_row, record in enumerate(reader, start=2):
            if job_row in wanted:
                yield job_row, record
            if job_row >= last:
                return
