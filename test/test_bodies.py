"""Upload bodies: every accepted kind of `file`, streamed in chunks, gzip, the size limit, replay."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk._core.bodies import (
    CHUNK_SIZE,
    Body,
    BytesBody,
    FileObjectBody,
    FileTooLargeError,
    GzipBody,
    PathBody,
    RowsBody,
    upload_body,
)
from zuora_sdk.exceptions import ApiTypeError, ApiValueError
from zuora_sdk.testing import ZuoraSimulator

CSV = "Name__c,Year__c\r\nModel S,2024\r\nCafé,2023\r\n"


def content(body: Body) -> bytes:
    return b"".join(body.chunks())


def test_str_and_bytes_are_sent_with_a_known_length() -> None:
    for file in (CSV, CSV.encode(), bytearray(CSV.encode())):
        body = upload_body(file, gzip=False, max_bytes=None)
        assert isinstance(body, BytesBody)
        assert body.length == len(CSV.encode()) and content(body) == CSV.encode()


def test_path_is_streamed_in_chunks(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    data = b"Name__c\n" + b"x" * (CHUNK_SIZE * 2 + 10) + b"\n"
    path.write_bytes(data)
    body = upload_body(path, gzip=False, max_bytes=None)
    assert isinstance(body, PathBody) and body.length == len(data) and body.replayable
    chunks = list(body.chunks())
    assert len(chunks) == 3 and max(len(c) for c in chunks) == CHUNK_SIZE
    assert b"".join(chunks) == data and content(body) == data  # and again, for a retry


def test_binary_file_object_is_rewound_for_a_retry() -> None:
    fh = io.BytesIO(b"ignored-prefix" + CSV.encode())
    fh.seek(len(b"ignored-prefix"))
    body = upload_body(fh, gzip=False, max_bytes=None)
    assert isinstance(body, FileObjectBody) and body.replayable and body.length == len(CSV.encode())
    assert content(body) == CSV.encode() and content(body) == CSV.encode()


def test_text_file_object_is_encoded_as_utf8() -> None:
    body = upload_body(io.StringIO(CSV), gzip=False, max_bytes=None)
    assert body.length is None and content(body) == CSV.encode()


class OneShot(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self.data.read(size)


def test_non_seekable_stream_is_one_shot() -> None:
    body = upload_body(OneShot(CSV.encode()), gzip=False, max_bytes=None)
    assert not body.replayable and body.length is None
    assert content(body) == CSV.encode()
    with pytest.raises(ApiValueError, match="one-shot"):
        content(body)


def test_rows_of_dicts_get_a_header_and_csv_quoting() -> None:
    rows = [{"Name__c": "A, the first", "Year__c": 2024, "Active__c": True},
            {"Name__c": 'say "hi"', "Year__c": None, "Active__c": False}]
    body = upload_body(rows, gzip=False, max_bytes=None)
    assert isinstance(body, RowsBody) and body.replayable
    assert content(body).decode() == (
        'Name__c,Year__c,Active__c\r\n"A, the first",2024,true\r\n"say ""hi""",,false\r\n'
    )


def test_rows_of_sequences_start_with_the_header() -> None:
    rows = iter([("Name__c", "Year__c"), ("A", 1)])
    body = upload_body(rows, gzip=False, max_bytes=None)
    assert not body.replayable
    assert content(body) == b"Name__c,Year__c\r\nA,1\r\n"
    with pytest.raises(ApiValueError, match="an iterator of rows cannot be sent twice"):
        content(body)


def test_rows_with_unknown_columns_or_odd_types_are_refused() -> None:
    with pytest.raises(ApiValueError, match=r"not in the header: \['b'\]$"):
        content(RowsBody([{"a": 1}, {"a": 2, "b": 3}]))
    # Only the row's extra keys are named, not the header's columns the row leaves out.
    with pytest.raises(ApiValueError, match=r"not in the header: \['b', 'd'\]$"):
        content(RowsBody([{"a": 1, "c": 2}, {"a": 2, "b": 3, "d": 4}]))
    with pytest.raises(ApiTypeError, match="rows must be dicts or sequences, not int"):
        content(RowsBody([42]))


def test_gzip_compresses_on_the_fly() -> None:
    rows = ({"Name__c": f"car {i}", "Year__c": 2000 + i % 20} for i in range(50_000))
    body = upload_body(rows, gzip=True, max_bytes=None)
    assert isinstance(body, GzipBody) and body.length is None
    compressed = content(body)
    text = gzip.decompress(compressed).decode()
    assert text.startswith("Name__c,Year__c\r\ncar 0,2000\r\n") and text.count("\r\n") == 50_001
    assert len(compressed) < len(text) / 4
    small = upload_body(CSV, gzip=True, max_bytes=None)
    assert small.length is not None and gzip.decompress(content(small)) == CSV.encode()


def test_size_limit_known_length_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"a\n" * 100)
    with pytest.raises(FileTooLargeError, match=r"^file: 200 bytes is over the 199-byte limit"):
        upload_body(path, gzip=False, max_bytes=199)
    assert upload_body(path, gzip=False, max_bytes=200).length == 200


def test_size_limit_on_a_stream_counts_bytes_before_compression() -> None:
    rows = [{"n": "x" * 100} for _ in range(100)]
    body = upload_body(rows, gzip=True, max_bytes=5_000)
    with pytest.raises(FileTooLargeError, match="at least"):
        content(body)
    assert isinstance(upload_body(rows, gzip=True, max_bytes=None), GzipBody)


def test_empty_and_unsupported_files() -> None:
    with pytest.raises(ApiValueError, match="header row"):
        upload_body("", gzip=False, max_bytes=None)
    with pytest.raises(ApiTypeError, match="file must be"):
        upload_body(3.14, gzip=False, max_bytes=None)
    with pytest.raises(ApiValueError, match="cannot read"):
        upload_body(Path("/no/such/file.csv"), gzip=False, max_bytes=None)


def test_rows_are_encoded_a_chunk_at_a_time_not_all_before_the_first_byte_goes() -> None:
    taken = 0
    row = {"Name__c": "x" * 1000}

    def rows() -> Iterator[dict[str, str]]:
        nonlocal taken
        for _ in range(3 * CHUNK_SIZE // 1000):
            taken += 1
            yield row

    chunks = upload_body(rows(), gzip=False, max_bytes=None).chunks()
    first = next(chunks)
    assert CHUNK_SIZE <= len(first) < CHUNK_SIZE + 1010
    assert taken < CHUNK_SIZE // 1000 + 2  # the rows after the first chunk are not read yet
    rest = b"".join(chunks)
    assert taken == 3 * CHUNK_SIZE // 1000
    assert first + rest == b"Name__c\r\n" + (b"x" * 1000 + b"\r\n") * taken


def test_a_stream_is_held_to_the_size_limit_to_the_byte(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    size = len(CSV.encode())  # bytes, not characters: the limit counts what is sent
    with zuora_sdk.ApiClient(make_config(sim, max_file_bytes=size - 1)) as client:
        over = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(over)
        with pytest.raises(FileTooLargeError, match=f"at least {size} bytes is over the {size - 1}-byte limit"):
            over.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, io.StringIO(CSV))
        assert sim.stats.uploads_accepted == 0
    with zuora_sdk.ApiClient(make_config(sim, max_file_bytes=size)) as client:
        exact = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(exact)
        assert exact.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, io.StringIO(CSV)).id == job_id
        assert sim.stats.uploads_accepted == 1


def test_a_text_file_read_line_by_line_first_is_sent_from_where_the_reading_stopped(
    tmp_path: Path, sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    path = tmp_path / "export.csv"
    path.write_text("# exported from the old system\n" + CSV, encoding="utf-8", newline="")
    job_id = submit(api)
    with open(path, encoding="utf-8", newline="") as fh:
        next(fh)  # the preamble line: the file can no longer tell its position
        job = api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, fh)
    assert job.id == job_id and sim.stats.uploads_accepted == 1
    sim.complete(job_id)
    assert sorted(record["Name__c"] for record in sim.records("vehicle")) == ["Café", "Model S"]


def test_sequences_after_given_fieldnames_are_all_data_with_their_values_converted(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    rows = [("Model S", None, True, date(2024, 2, 29)), ("Model 3", 2023, False, None)]
    report = zuora_sdk.load_records(
        api, "vehicle", rows, fieldnames=["Name__c", "Year__c", "Active__c", "PurchaseDate__c"]
    )
    assert report.failed_rows == []
    stored = {record["Name__c"]: record for record in sim.records("vehicle")}
    assert set(stored) == {"Model S", "Model 3"}
    assert (stored["Model S"]["Year__c"], stored["Model S"]["Active__c"]) == (None, True)
    assert str(stored["Model S"]["PurchaseDate__c"]) == "2024-02-29"
    assert (stored["Model 3"]["Year__c"], stored["Model 3"]["Active__c"]) == (2023, False)


class ReadOnly:
    """A file-like object with nothing but ``read()``, as some stream wrappers are."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._data.read(size)


def test_an_object_with_only_read_is_uploaded_as_a_one_shot_stream(
    api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator
) -> None:
    job_id = submit(api)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, ReadOnly(CSV.encode()))
    sim.advance(60)
    job = api.get_custom_object_bulk_job(job_id)
    assert job.status == "completed" and job.records_processed == 2
