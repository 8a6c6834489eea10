"""Cutting a load's input into part files: every record exactly once, in order, at record
boundaries, within the size limit, with the input row numbers Zuora will report."""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import itertools
import random
import re
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator
from zuora_sdk.workflows import parts
from zuora_sdk.workflows.parts import Part, open_input

# Quoted separators, line ends inside quotes (LF and CRLF), doubled quotes, an empty value, a blank
# line, non-ASCII text, and a last record without a line end.
TRICKY = (
    '\ufeffName__c,Note__c\r\n'
    'plain,one\r\n'
    '"comma, inside","two"\r\n'
    '"line\nbreak","and ""quotes"""\r\n'
    '"crlf\r\ninside",\r\n'
    '\r\n'
    'ünïcödé,日本\n'
    '"ends ""open"" later\n\n",x\n'
    + "".join(f"row {i},{'v' * (i % 40)}\n" for i in range(300))
    + 'last,"no line end"'
)


def parsed(text: str) -> list[list[str]]:
    """The records csv reads, blank lines left out (Zuora skips them, and so does the loader)."""
    return [record for record in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) if record]


def part_records(parts: list[Part]) -> list[tuple[int, list[str]]]:
    """(input row, record) of every record in the part files, in order."""
    found = []
    for part in parts:
        with open(part.path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == ["Name__c", "Note__c"] and len(rows) - 1 == part.rows
        found += [(part.input_row(job_row), record) for job_row, record in enumerate(rows[1:], start=2)]
    return found


@pytest.mark.parametrize("kind", ["path", "bytes", "text file", "binary file"])
@pytest.mark.parametrize("part_bytes", [200, 1_000, 1_000_000])
def test_every_record_lands_once_in_order_with_its_input_row(tmp_path: Path, kind: str, part_bytes: int) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(TRICKY.encode("utf-8"))
    expected = parsed(TRICKY)
    source = {
        "path": path,
        "bytes": path.read_bytes(),
        "text file": io.StringIO(TRICKY.lstrip("\ufeff"), newline=""),
        "binary file": io.BytesIO(path.read_bytes()),
    }[kind]
    work = tmp_path / "parts"
    work.mkdir()
    with open_input(source, part_bytes) as data:
        assert data.header == expected[0]
        parts = list(data.parts(str(work)))
    assert all(part.size <= part_bytes and part.size == Path(part.path).stat().st_size for part in parts)
    assert [part.index for part in parts] == list(range(len(parts)))
    assert part_records(parts) == list(enumerate(expected[1:], start=2))
    if part_bytes == 200:
        assert len(parts) > 10


def test_lines_ending_with_a_lone_cr_are_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b"Name__c,Note__c\rA,1\r\"B\rb\",2\r")
    work = tmp_path / "parts"
    work.mkdir()
    with open_input(path, 1000) as data:
        parts = list(data.parts(str(work)))
    assert part_records(parts) == [(2, ["A", "1"]), (3, ["B\rb", "2"])]


def test_a_header_alone_makes_no_part(tmp_path: Path) -> None:
    with open_input(b"Name__c,Note__c", 1000) as data:
        assert data.header == ["Name__c", "Note__c"] and list(data.parts(str(tmp_path))) == []


@pytest.mark.parametrize("source", [b"", b"\n", b",,\n"])
def test_no_header_is_refused(source: bytes) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="no CSV header"):
        open_input(source, 1000)


def test_a_record_too_large_for_a_part_names_its_row(tmp_path: Path) -> None:
    # The unbalanced quote runs to the end of the input; it is refused without reading it all.
    source = b"Name__c,Note__c\nok,1\n\"open quote," + b"x" * 10_000
    with open_input(source, 500) as data, pytest.raises(zuora_sdk.ApiValueError, match="input row 3 is"):
        list(data.parts(str(tmp_path)))


def test_text_that_is_not_utf8_names_its_row(tmp_path: Path) -> None:
    source = b"Name__c,Note__c\nok,1\nstill ok,2\nbad \xff,3\n"
    with open_input(source, 1000) as data, pytest.raises(zuora_sdk.ApiValueError, match="input row 4 is not valid"):
        list(data.parts(str(tmp_path)))


def test_a_bad_row_midway_stops_the_load_with_the_report_of_what_was_loaded(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    good = "".join(f"car {i},{1990 + i % 30}\n" for i in range(400))
    source = ("Name__c,Year__c\n" + good).encode() + b"bad \xff,2000\n"
    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=2_000, poll_interval=0.01)
    with pytest.raises(zuora_sdk.BulkLoadError, match="input row 402 is not valid UTF-8") as caught:
        loader.load(source)
    report = caught.value.report
    assert report is not None and report.parts and report.parts[0].first_row == 2
    # Every job made is in the report, finished or not, with the rows it carries.
    assert sim.stats.jobs_created == len(report.parts) and all(part.job_id for part in report.parts)
    assert report.parts[-1].last_row < 402


def cut(source: bytes | io.IOBase, part_bytes: int, workdir: Path) -> list[Part]:
    with open_input(source, part_bytes) as data:
        return list(data.parts(str(workdir)))


def test_a_quote_inside_an_unquoted_value_is_a_character_as_csv_reads_it(tmp_path: Path) -> None:
    text = 'Name__c,Note__c\nTV 55",2020\nok,2021\nbad,"x"y\nok2,2022\n'
    assert part_records(cut(text.encode(), 10_000, tmp_path)) == list(enumerate(parsed(text)[1:], start=2))


def test_a_quote_in_the_header_does_not_swallow_rows(tmp_path: Path) -> None:
    text = 'Name__c,no"te\n1,a\n2,b"c\n' + "".join(f"{i},v\n" for i in range(3, 12))
    parts = cut(text.encode(), 40, tmp_path)
    found = []
    for part in parts:
        with open(part.path, newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == ["Name__c", 'no"te']
        found += rows[1:]
    assert found == parsed(text)[1:]


def test_a_lone_cr_ends_a_record_as_csv_reads_it(tmp_path: Path) -> None:
    text = "Name__c,Note__c\nA,1\rB,2\nC,\"3\r3\"\rD,4\n"
    parts = cut(text.encode(), 10_000, tmp_path)
    assert [(row, record) for row, record in part_records(parts)] == list(enumerate(parsed(text)[1:], start=2))
    assert Path(parts[0].path).read_bytes().startswith(b"Name__c,Note__c\nA,1\r\nB,2\n")


def raw_records(data: bytes) -> list[bytes]:
    """The records of ``data`` as csv reads them, each as its bytes: csv.reader is fed one line at
    a time (a line ends with LF, CRLF or a lone CR) and takes as many lines as a record holds."""
    lines = re.findall(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+", data.removeprefix(b"\xef\xbb\xbf"))
    taken: list[bytes] = []

    def feed() -> Iterator[str]:
        for line in lines:
            taken.append(line)
            yield line.decode("utf-8", "surrogateescape")

    reader = csv.reader(feed())
    records = []
    while True:
        taken.clear()
        try:
            next(reader)
        except StopIteration:
            return records
        except csv.Error:
            records.append(b"".join(taken) + b"<csv error>")
            return records
        records.append(b"".join(taken))


def random_input(rng: random.Random) -> bytes:
    """A header and a body made of pieces: plain lines with the odd quoted, blank, lone-CR, long
    or non-UTF-8 one, or a soup of separators, quotes and line ends."""
    headers = [b"Name__c,Note__c", b'"Name__c",Note__c', b'N"a,b', "\ufeffA,B".encode(), b'"A\r\nB",C']
    odd = [b'"', b'""', b"\n", b"\r\n", b"\r", b",", b"\n\n", "é".encode(), "日".encode(), b"x" * rng.choice([20, 70])]
    if rng.random() < 0.2:
        odd += [b"\xff", b"\xc3", b"x" * 300]
    if rng.random() < 0.5:
        eol = rng.choice([b"\n", b"\r\n"])
        share = rng.choice([0.0, 0.05, 0.3])
        lines = []
        for _ in range(rng.randint(0, 120)):
            if rng.random() < share:
                lines.append(b"".join(rng.choices([*odd, b"a", b"b c"], k=rng.randint(1, 8))) + rng.choice([eol, b""]))
            else:
                fields = (rng.choice([b"abc", b"12", "é".encode(), b"", b'"q, ""r""\nx"']) for _ in range(3))
                lines.append(b",".join(fields) + eol)
        body = b"".join(lines)
    else:
        body = b"".join(rng.choices(odd + [b"a", b"b", b" ", b"x y"] * 3, k=rng.randint(0, 80)))
    return rng.choice(headers) + rng.choice([b"\n", b"\r\n", b"\r"]) + body


def check_refusal(message: str, data: bytes, part_bytes: int) -> None:
    """The refusal is right: the row it names is the first with that fault and none before has one."""
    records = raw_records(data)
    head = records[0] + (b"\n" if records[0].endswith(b"\r") else b"" if records[0].endswith(b"\n") else b"\r\n")
    if "no CSV header" in message:
        assert not [f for f in csv.reader([records[0].decode("utf-8", "replace")]) if any(x.strip() for x in f)]
        return
    if "the header row alone" in message:
        assert len(head) >= part_bytes
        return
    if "the header row" in message:
        assert b"<csv error>" in records[0] or not _is_utf8(records[0])
        return
    room = part_bytes - len(head)
    rows = [r for r in records[1:] if r not in (b"\n", b"\r\n", b"\r")]
    row = int(re.match(r"input row (\d+) ", message).group(1))  # type: ignore[union-attr]
    before, record = rows[: row - 2], rows[row - 2]
    assert all(len(r) + r.endswith(b"\r") <= room and _is_utf8(r) for r in before), message
    if "not valid UTF-8" in message:
        byte = int(re.search(r"byte (\d+) of the row", message).group(1))  # type: ignore[union-attr]
        with pytest.raises(UnicodeDecodeError) as bad:
            record.decode("utf-8")
        assert bad.value.start == byte - 1
    elif "cannot be read" in message:
        assert record.endswith(b"<csv error>")
    else:
        said = int(re.search(r"is (\d+) bytes or more", message).group(1))  # type: ignore[union-attr]
        assert room < said <= len(record) + 1, message


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("block", [16, 97, 1 << 20])
def test_cutting_agrees_with_the_csv_module_on_random_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    # Small blocks put block ends everywhere: inside quotes, between a CR and its LF, inside a character.
    monkeypatch.setattr(parts, "_BLOCK", block)
    rng = random.Random(block)
    refused = 0
    for case in range(150):
        data = random_input(rng)
        part_bytes = rng.choice([40, 60, 200, 100_000])
        work = tmp_path / f"{block}-{case}"
        work.mkdir()
        try:
            with open_input(data if case % 2 else io.BytesIO(data), part_bytes) as source:
                header, cut_parts = source.header, list(source.parts(str(work)))
        except zuora_sdk.ApiValueError as exc:
            check_refusal(str(exc), data, part_bytes)
            refused += 1
            continue
        text = data.decode("utf-8")
        expected = parsed(text)
        assert header == expected[0], data
        found = []
        for part in cut_parts:
            content = Path(part.path).read_bytes()
            assert part.size == len(content) <= part_bytes and part.crc == zlib.crc32(content), data
            with open(part.path, encoding="utf-8", newline="") as fh:
                rows = list(csv.reader(fh))
            assert rows[0] == header and len(rows) - 1 == part.rows, data
            found += [(part.input_row(job_row), record) for job_row, record in enumerate(rows[1:], start=2)]
        assert found == list(enumerate(expected[1:], start=2)), data
        assert [part.index for part in cut_parts] == list(range(len(cut_parts)))
        # A part ends only where the next record does not fit in it.
        for part, following in itertools.pairwise(cut_parts):
            first = raw_records(Path(following.path).read_bytes())[1]
            assert part.size + len(first) > part_bytes, data
    assert 10 < refused < 100  # both kinds of input are well represented


def test_a_row_that_is_not_utf8_is_named_before_a_later_row_too_large(tmp_path: Path) -> None:
    source = b"Name__c,Note__c\nok,1\nbad \xff,2\nok,3\n" + b"x" * 300 + b",4\n"
    with pytest.raises(zuora_sdk.ApiValueError, match="input row 3 is not valid UTF-8"):
        cut(source, 200, tmp_path)


def test_part_files_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    for source in (b"Name__c,Note__c\nA,1\n", [{"Name__c": "A", "Note__c": "1"}]):
        with open_input(source, 1000) as data:
            for part in data.parts(str(tmp_path)):
                assert Path(part.path).stat().st_mode & 0o777 == 0o600


def test_long_inputs_are_cut_the_same_whatever_the_block_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Plain rows with a quoted one (comma, line break, doubled quotes) every 10 rows, CRLF ends.
    quoted = '"a, b\nc ""d"""'
    rows = [f"row {i},{quoted if i % 10 == 3 else 'plain'}\r\n" for i in range(5_000)]
    data = ("Name__c,Note__c\r\n" + "".join(rows)).encode()
    results = []
    for block in (64, 4096, 1 << 20):
        monkeypatch.setattr(parts, "_BLOCK", block)
        work = tmp_path / str(block)
        work.mkdir()
        cut_parts = cut(data, 10_000, work)
        results.append([(p.first_row, p.rows, p.size, p.crc) for p in cut_parts])
        assert sum(p.rows for p in cut_parts) == 5_000
    assert results[0] == results[1] == results[2]
    assert part_records(cut(data, 10_000, tmp_path))[-1] == (5_001, ["row 4999", "plain"])


def test_read_errors_are_our_errors_naming_the_row(tmp_path: Path) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="input row 3 is not valid UTF-8"):
        with open_input(io.BytesIO(b"a,b\n1,2\n1,\xff\n"), 1000) as data:
            list(data.parts(str(tmp_path)))
    big = b"a," + b"x" * 200_000 + b"\n1,2\n"
    with pytest.raises(zuora_sdk.ApiValueError, match="header row"):
        open_input(big, 1_000_000)


def test_an_oversized_header_is_named_as_such(tmp_path: Path) -> None:
    for header in (b"a," + "é".encode() * 100, b"h" * 203):
        with pytest.raises(zuora_sdk.ApiValueError, match="the header row alone"):
            open_input(header + b"\n1,2\n", 100)


def test_an_unclosed_quote_is_named(tmp_path: Path) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="quote left open"):
        cut(b'a,b\n1,"2\n' + b"3,4\n" * 100, 100, tmp_path)


def test_no_part_file_is_left_open_when_a_row_is_refused(tmp_path: Path) -> None:
    import gc
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for source in (b"a,b\n1,2\n" + b"x" * 500 + b"\n", io.StringIO("a,b\n1,2\n" + "x" * 500 + "\n")):
            with pytest.raises(zuora_sdk.ApiValueError, match="does not fit"):
                cut(source, 100, tmp_path)
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_a_load_with_a_quote_inside_a_value_reports_the_right_failed_row(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    source = b'Name__c,Year__c\nTV 55",2020\nok,2021\nbad,soon\nok2,2022\n'
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(source)
    assert report.rows_total == 4 and report.records_processed == 4
    assert [(row.input_row, row.values) for row in report.failed_rows] == [(4, {"Name__c": "bad", "Year__c": "soon"})]
    assert 'TV 55"' in [record["Name__c"] for record in sim.records("vehicle")]


def test_blank_lines_are_skipped_and_not_numbered_as_zuora_does(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    source = b"Name__c,Year__c\nA,2020\n\nB,soon\n\r\nC,2021\n"
    failed = tmp_path / "failed.csv"
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01, failed_rows_path=failed).load(source)
    assert report.rows_total == 3 and report.records_processed == 3
    assert [(row.input_row, row.values) for row in report.failed_rows] == [(3, {"Name__c": "B", "Year__c": "soon"})]
    assert failed.read_text().splitlines() == ["Name__c,Year__c", "B,soon"]


def test_a_row_of_the_wrong_type_midway_stops_the_load_with_its_report(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    rows: list[object] = [{"Name__c": f"car {i}", "Year__c": 2000} for i in range(300)] + [12345]
    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=2_000, poll_interval=0.01)
    with pytest.raises(zuora_sdk.BulkLoadError, match="rows must be dicts or sequences") as caught:
        loader.load(rows)
    assert caught.value.report.parts and sim.stats.jobs_created == len(caught.value.report.parts)


def test_every_kind_of_binary_file_object_is_read(tmp_path: Path) -> None:
    import gzip
    import mmap
    import zipfile

    text = b"Name__c,Note__c\nA,1\n\"B\nb\",2\n"
    expected = [(2, ["A", "1"]), (3, ["B\nb", "2"])]
    (tmp_path / "in.csv").write_bytes(text)
    with zipfile.ZipFile(tmp_path / "in.zip", "w") as archive:
        archive.writestr("in.csv", text)
    with contextlib.ExitStack() as stack:
        plain = stack.enter_context((tmp_path / "in.csv").open("rb"))
        sources = {
            "gzip": stack.enter_context(gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(text)))),
            "zip member": stack.enter_context(stack.enter_context(zipfile.ZipFile(tmp_path / "in.zip")).open("in.csv")),
            "unbuffered": stack.enter_context(open(tmp_path / "in.csv", "rb", buffering=0)),
            "mmap": stack.enter_context(mmap.mmap(plain.fileno(), 0, access=mmap.ACCESS_READ)),
        }
        for kind, source in sources.items():
            work = tmp_path / kind
            work.mkdir()
            assert part_records(cut(source, 1000, work)) == expected, kind


def test_a_byte_order_mark_in_a_text_file_is_not_part_of_the_header(tmp_path: Path) -> None:
    with open_input(io.StringIO("\ufeffId,Name__c\nx,A\n"), 1000) as data:
        assert data.header == ["Id", "Name__c"]


def test_odd_inputs_are_our_errors(tmp_path: Path) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="cannot read"):
        open_input("bad\0path.csv", 1000)
    with pytest.raises(zuora_sdk.ApiValueError, match="header row"):
        with open_input([{"Name__c\udcff": 1}], 1000) as data:
            data.parts(str(tmp_path))


def test_a_source_that_is_nothing_a_load_reads_is_refused_by_name(api: zuora_sdk.CustomObjectJobsApi) -> None:
    for source in (42, None):
        with pytest.raises(zuora_sdk.ApiTypeError, match=f"source must be a path, .* not {type(source).__name__}$"):
            zuora_sdk.BulkLoader(api, "vehicle").load(source)  # type: ignore[arg-type]


def test_a_quoted_value_longer_than_csv_reads_is_refused_naming_its_row(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    loader = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01)
    huge = b'"' + b"x" * (csv.field_size_limit() + 10) + b'"'
    with pytest.raises(zuora_sdk.ApiValueError, match=r"^source: the header row cannot be read as CSV: field larger"):
        loader.load(b"Name__c," + huge + b"\nA,1\n")
    for before in (b"", b"A,1\nB,2\n"):  # the first row after the header, and one further on
        row = 2 + before.count(b"\n")
        with pytest.raises(zuora_sdk.ApiValueError, match=rf"^input row {row} cannot be read: field larger"):
            loader.load(b"Name__c,Make__c\n" + before + b"C," + huge + b"\nD,4\n")
    assert sim.stats.jobs_created == 0  # refused before the part it is in was sent
    # Where the cutter's look at the input starts afresh: after a block of clean rows.
    rows = b"".join(b"r%06d,x\n" % i for i in range(parts._BLOCK // 10 - 100))
    row = rows.count(b"\n") + 2
    with pytest.raises(zuora_sdk.ApiValueError, match=rf"^input row {row} cannot be read: field larger"):
        cut(b"Name__c,Make__c\n" + rows + b"C," + huge + b"\nD,4\n", 10_000_000, tmp_path)


def test_a_plain_row_one_byte_too_large_for_a_part_is_named_among_rows_that_fit(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    head = b"Name__c,Make__c\n"
    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=100, poll_interval=0.01)
    room = 100 - len(head)
    fits = b"A," + b"m" * (room - 3) + b"\n"
    too_large = b"B," + b"m" * (room - 2) + b"\n"
    assert len(fits) == room and len(too_large) == room + 1
    with pytest.raises(zuora_sdk.BulkLoadError, match=f"input row 4 is {room + 1} bytes or more: with the header"):
        loader.load(head + b"C,c\n" + fits + too_large + b"D,d\n")
    report = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=100, poll_interval=0.01).load(head + fits + fits)
    assert [(part.first_row, part.rows) for part in report.parts] == [(2, 1), (3, 1)]


def test_a_binary_file_the_caller_opened_is_left_open_after_the_load(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    path = tmp_path / "cars.csv"
    path.write_bytes(b"Name__c,Year__c\nA,2020\nB,2021\n")
    with open(path, "rb") as fh:
        report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(fh)
        assert not fh.closed  # the caller's to close: a load of a path closes the file it opened
        assert fh.read() == b""  # read to its end
    assert report.failed_rows == [] and len(sim.records("vehicle")) == 2


def test_rows_from_a_database_cursor_are_read_in_the_thread_that_gave_them(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(":memory:")) as db:  # its objects refuse other threads
        db.execute("CREATE TABLE cars (name TEXT, year INTEGER)")
        db.executemany("INSERT INTO cars VALUES (?, ?)", [(f"car {i}", 2000 + i % 20) for i in range(300)])
        cursor = db.execute("SELECT name, year FROM cars ORDER BY rowid")
        report = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=2_000, poll_interval=0.01).load(
            cursor, fieldnames=["Name__c", "Year__c"]
        )
    assert len(report.parts) > 1 and report.failed_rows == []
    assert sorted(record["Name__c"] for record in sim.records("vehicle")) == sorted(f"car {i}" for i in range(300))


def test_a_byte_order_mark_inside_the_input_is_data_as_csv_reads_it(tmp_path: Path) -> None:
    text = 'Name__c,Note__c\nplain,1\n\ufeff"quoted",2\n\ufeffbare,3\n"q",4\n\ufeff"again",5\n'
    assert part_records(cut(text.encode(), 10_000, tmp_path)) == list(enumerate(parsed(text)[1:], start=2))
    assert parsed(text)[2][0] == '\ufeff"quoted"'


def test_a_row_that_cannot_be_written_as_utf8_names_its_row(api: zuora_sdk.CustomObjectJobsApi) -> None:
    rows = [{"Name__c": "A"}, {"Name__c": "B"}, {"Name__c": "bad \udcff"}, {"Name__c": "D"}]
    with pytest.raises(zuora_sdk.ApiValueError, match=r"^input row 4 cannot be read: 'utf-8' codec"):
        zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(rows)


def test_a_header_that_is_not_utf8_is_named_as_such(api: zuora_sdk.CustomObjectJobsApi) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match=r"^source: the header row is not valid UTF-8$"):
        zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(b"Name__c,Ye\xffar__c\nA,2020\n")


class CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.taken += len(chunk)
        return len(chunk)


def test_a_line_too_long_for_any_part_is_refused_without_reading_the_rest_of_the_input(tmp_path: Path) -> None:
    size = 4 * parts._BLOCK
    source = CountingReader(b"Name__c,Note__c\nA,1\nB," + b"x" * size)  # no line end: one line to the end
    with pytest.raises(zuora_sdk.ApiValueError, match=r"^input row 3 is \d{6} bytes or more: with the header"):
        cut(source, 100_000, tmp_path)  # type: ignore[arg-type]
    assert source.taken <= 2 * parts._BLOCK  # the blocks the line starts in, not the four it runs on


def test_text_file_objects_from_outside_io_are_read_as_text(tmp_path: Path) -> None:
    import codecs
    import tempfile

    text = "Name__c,Note__c\nünï,1\n\"two\nlines\",2\n"
    with tempfile.SpooledTemporaryFile(mode="w+", encoding="utf-8", newline="") as spooled:
        spooled.write(text)
        spooled.seek(0)
        for index, source in enumerate([codecs.getreader("utf-8")(io.BytesIO(text.encode())), spooled]):
            assert not isinstance(source, io.TextIOBase)
            work = tmp_path / str(index)
            work.mkdir()
            found = part_records(cut(source, 1_000, work))  # type: ignore[arg-type]
            assert found == [(2, ["ünï", "1"]), (3, ["two\nlines", "2"])]


def test_a_header_exactly_a_part_long_is_refused_when_the_input_is_opened() -> None:
    # A part must hold the header and at least one record: a header of part_bytes leaves no room.
    header = b"Name__c," + b"n" * 91 + b"\n"
    assert len(header) == 100
    with pytest.raises(zuora_sdk.ApiValueError, match=r"^the header row alone \(100 bytes or more\) does not fit"):
        open_input(header + b"A,1\n", 100)


def test_a_binary_file_the_caller_opened_is_left_open_when_its_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"Name__c,Ye\xffar__c\nA,2020\n")
    with open(path, "rb") as fh:
        with pytest.raises(zuora_sdk.ApiValueError, match="header row is not valid UTF-8"):
            open_input(fh, 1000)
        assert not fh.closed  # the caller's to close, refused or not


@pytest.mark.parametrize("block", [64, 1 << 20])
def test_a_line_too_long_for_any_part_is_refused_after_reading_one_byte_more_than_a_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    # The refusal names how much of the line was read: a part's worth and one byte, not more, wherever
    # the line starts in a block of the input.
    monkeypatch.setattr(parts, "_BLOCK", block)
    for part_bytes, shift in itertools.product((100, 101), range(70)):
        source = b"Name__c,Note__c\nA," + b"a" * shift + b"\nB," + b"x" * 500 + b"\nC,3\n"
        message = rf"^input row 3 is {part_bytes + 1} bytes or more: with the header"
        with pytest.raises(zuora_sdk.ApiValueError, match=message):
            cut(source, part_bytes, tmp_path)


@pytest.mark.parametrize(("first_line", "read"), [(101, 101), (100, 105)])
def test_a_quote_left_open_is_refused_once_its_record_passes_a_part(tmp_path: Path, first_line: int, read: int) -> None:
    # A first line one byte more than a part is refused alone; one just a part long, with the next line.
    source = b'Name__c,Note__c\nA,"' + b"x" * (first_line - 4) + b"\nmore\nand more\n"
    with pytest.raises(zuora_sdk.ApiValueError, match=rf"^input row 2 is {read} bytes or more: .*quote left open"):
        cut(source, 100, tmp_path)


def test_blocks_holding_the_same_bytes_over_and_over_are_cut_as_csv_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every block of the input holds the same bytes and a quoted value runs from one block into the
    # next: where the odd lines of one block are is not taken for the next block's.
    monkeypatch.setattr(parts, "_BLOCK", 16)
    text = "Name__c,Note__c\n" + '55",a\n"\n' * 40
    assert len("Name__c,Note__c\n") == 16
    assert part_records(cut(text.encode(), 10_000, tmp_path)) == list(enumerate(parsed(text)[1:], start=2))


def test_a_header_too_large_for_a_part_is_refused_for_rows_and_for_a_header_without_a_line_end(tmp_path: Path) -> None:
    # Rows are written with a CRLF, and a header at the very end of the input gets one: it is counted.
    for source in ([{"Name__c": "A", "Note__c": "1"}], b"Name__c,Note__c"):
        with open_input(source, 16) as data, pytest.raises(zuora_sdk.ApiValueError, match=r"^the header row alone"):
            list(data.parts(str(tmp_path)))


def test_a_last_row_without_a_line_end_is_copied_as_it_is(tmp_path: Path) -> None:
    source = b"Name__c,Note__c\nA,1\nB,2"
    [part] = cut(source, 1_000, tmp_path)
    assert Path(part.path).read_bytes() == source and part.size == len(source) and part.rows == 2


def test_a_plain_row_one_byte_too_large_is_refused_wherever_it_starts_in_a_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parts, "_BLOCK", 128)  # more than a part: the row can be in a block with others
    head = b"Name__c,Make__c\n"
    room = 100 - len(head)
    too_large = b"B," + b"m" * (room - 2) + b"\n"
    for before in [b""] + [b"A," + b"a" * shift + b"\n" for shift in range(70)]:
        source = head + before + too_large + b"D,d\n" * 50
        row = 2 + before.count(b"\n")
        with pytest.raises(zuora_sdk.ApiValueError, match=f"^input row {row} is {room + 1} bytes or more: with the"):
            cut(source, 100, tmp_path)


def test_a_row_too_long_for_any_part_after_a_lone_cr_is_refused_with_its_size(tmp_path: Path) -> None:
    # The lone CR ends a blank line; the row after it is read to its end, a few bytes past a part.
    row = b"B," + b"x" * 98 + b"yyy\n"
    source = b"Name__c,Note__c\n\r" + row + b"C,3\n"
    with pytest.raises(zuora_sdk.ApiValueError, match=rf"^input row 2 is {len(row)} bytes or more: with the header"):
        cut(source, 100, tmp_path)


def test_a_file_the_loader_opens_is_closed_after_the_load_or_its_refusal(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(b"Name__c\nA\n")
    bad.write_bytes(b"Name__c," + b"x" * 100 + b"\nA,1\n")  # a header too large for a part
    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, poll_interval=0.005)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        assert loader.load(good).ok
        with pytest.raises(zuora_sdk.ApiValueError, match="header row alone"):
            loader.load(bad)
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
