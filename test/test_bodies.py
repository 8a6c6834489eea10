"""Upload bodies: every accepted kind of `file`, streamed in chunks, gzip, the size limit, replay."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

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


def test_rows_with_unknown_columns_or_odd_types_are_refused() -> None:
    with pytest.raises(ApiValueError, match="not in the header"):
        content(RowsBody([{"a": 1}, {"a": 2, "b": 3}]))
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
    with pytest.raises(FileTooLargeError, match="200 bytes is over the 199-byte limit"):
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
