"""Data frames in (BulkLoader.load(df)) and out (failed rows and job errors as records and DataFrames)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support import submit

import zuora_sdk
from zuora_sdk._core.frames import frame_records
from zuora_sdk.testing import ZuoraSimulator

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.timezone.utc
NO_PANDAS = "pandas is not installed (pip install 'zuora-sdk-jobs[frames]')"

# The columns of the simulator's vehicle object, with the text each value must become.
COLUMNS = ["Name__c", "Year__c", "Price__c", "Active__c", "PurchaseDate__c", "LastServiced__c"]
EXPECTED = [
    ["Model S", "2024", "0.1", "true", "2024-05-01", "2024-05-01T12:30:00+00:00"],
    ["Model 3", "", "0.0000001", "false", "", ""],
    ["Model X", "1999", "123456789012", "true", "1999-12-31", "1999-12-31T23:59:59.500000+02:00"],
]


def vehicles(pd: Any) -> Any:
    return pd.DataFrame({
        "Name__c": ["Model S", "Model 3", "Model X"],
        "Year__c": pd.array([2024, None, 1999], dtype="Int64"),  # pd.NA in the gap
        "Price__c": [0.1, 1e-07, 123456789012.0],
        "Active__c": [True, False, True],
        "PurchaseDate__c": [dt.date(2024, 5, 1), None, dt.date(1999, 12, 31)],
        "LastServiced__c": [
            pd.Timestamp("2024-05-01T12:30:00Z"), pd.NaT,
            pd.Timestamp("1999-12-31T23:59:59.5+02:00"),
        ],
    })


def cells(source: Any) -> tuple[list[str], list[list[str]]]:
    header, rows = frame_records(source)
    return header, list(rows)


def test_dataframe_values_become_csv_text_on_purpose() -> None:
    pd = pytest.importorskip("pandas", reason=NO_PANDAS)
    assert cells(vehicles(pd)) == (COLUMNS, EXPECTED)
    floats = pd.DataFrame({"Year__c": [2020.0, float("nan")], "Price__c": [Decimal("1.10"), Decimal("1E-7")]})
    assert cells(floats)[1] == [["2020", "1.10"], ["", "0.0000001"]]  # an int column with a gap holds floats


def test_a_dataframe_loads_through_the_bulk_loader(api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator) -> None:
    pd = pytest.importorskip("pandas", reason=NO_PANDAS)
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(vehicles(pd))
    assert report.ok and report.rows_total == 3
    by_name = {record["Name__c"]: record for record in sim.records("vehicle")}
    assert by_name["Model S"]["Year__c"] == 2024 and by_name["Model S"]["Active__c"] is True
    assert by_name["Model 3"].get("Year__c") is None


def test_an_arrow_table_gives_the_same_text() -> None:
    pd = pytest.importorskip("pandas", reason=NO_PANDAS)
    pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed")
    frame = vehicles(pd)
    frame["LastServiced__c"] = frame["LastServiced__c"].map(lambda t: None if t is pd.NaT else t.to_pydatetime())
    table = pa.Table.from_pydict({
        name: pa.array(list(frame[name].astype(object).where(frame[name].notna(), None))) for name in COLUMNS
    })
    header, rows = cells(table)
    assert header == COLUMNS
    # Arrow holds one time zone per column: the second timestamp comes back in UTC.
    assert rows[:2] == EXPECTED[:2] and rows[2][:5] == EXPECTED[2][:5]
    assert rows[2][5] == "1999-12-31T21:59:59.500000+00:00"


def test_bytes_are_refused_naming_the_column_and_row_before_anything_is_sent(
    api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator
) -> None:
    pd = pytest.importorskip("pandas", reason=NO_PANDAS)
    frame = pd.DataFrame({"Name__c": ["A", b"\xff", "C"]})
    with pytest.raises(zuora_sdk.ApiTypeError) as raised:
        zuora_sdk.BulkLoader(api, "vehicle").load(frame)
    assert str(raised.value) == (
        "source: column 'Name__c', input row 3 (index 1): bytes cannot be sent as CSV text; "
        "decode them first (value.decode('utf-8'))"
    )
    assert sim.request_log == []
    with pytest.raises(zuora_sdk.ApiValueError, match=r"column 'Price__c', input row 2 .*finite"):
        list(frame_records(pd.DataFrame({"Price__c": [float("inf")]}))[1])


def test_a_dataframe_uploads_to_a_job_as_well(api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator) -> None:
    pd = pytest.importorskip("pandas", reason=NO_PANDAS)
    job_id = submit(api)
    zuora_sdk.upload_csv(api, job_id, vehicles(pd))
    job = zuora_sdk.wait_for_job(api, job_id, poll_interval=0.01)
    assert job.status == "completed" and job.records_processed == 3
    assert api.get_custom_object_bulk_job_errors(job_id).errors == []
    with pytest.raises(zuora_sdk.ApiTypeError, match=r"^file: column 'Name__c', input row 2 \(index 0\): bytes"):
        api.post_upload_file_for_custom_object_bulk_job("text/csv", submit(api), pd.DataFrame({"Name__c": [b"A"]}))


def test_rows_that_are_not_rows_name_the_loaders_parameter(api: zuora_sdk.CustomObjectJobsApi) -> None:
    with pytest.raises(zuora_sdk.ApiTypeError, match=r"^source: rows must be dicts or sequences, not str$"):
        zuora_sdk.BulkLoader(api, "vehicle").load(["Name__c", "A"])


def test_failed_rows_and_job_errors_come_as_records_and_data_frames(api: zuora_sdk.CustomObjectJobsApi) -> None:
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(
        [{"Name__c": "A", "Year__c": "soon"}, {"Name__c": "B", "Year__c": 2020}, {"Name__c": "code", "Year__c": "x"}]
    )
    records = report.failed_rows_records()
    assert [(r["input_row"], r["Name__c"], r["Year__c"]) for r in records] == [(2, "A", "soon"), (4, "code", "x")]
    assert set(records[0]) == {"input_row", "code", "message", "Name__c", "Year__c"}
    job_id = submit(api)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c,Year__c\nA,soon\n")
    zuora_sdk.wait_for_job(api, job_id, poll_interval=0.01)
    errors = api.get_custom_object_bulk_job_errors(job_id)
    [error] = errors.to_records()
    assert error["row"] == 2 and error["record.Name__c"] == "A" and "Year__c" in error["message"]
    pd = pytest.importorskip("pandas", reason=NO_PANDAS)
    frame = report.failed_rows_frame()
    assert isinstance(frame, pd.DataFrame) and list(frame["input_row"]) == [2, 4]
    assert list(errors.to_frame()["record.Name__c"]) == ["A"]
    empty = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load([{"Name__c": "C"}]).failed_rows_frame()
    assert list(empty.columns) == ["input_row", "code", "message"] and len(empty) == 0


def test_without_pandas_a_frame_asked_for_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(ImportError, match=r"pip install 'zuora-sdk-jobs\[frames\]'"):
        zuora_sdk.LoadReport("vehicle", "create").failed_rows_frame()
    with pytest.raises(ImportError, match="pandas"):
        zuora_sdk.CustomObjectBulkJobErrorResponseCollection(errors=[]).to_frame()


def test_neither_pandas_nor_pyarrow_is_imported_by_the_sdk() -> None:
    code = (
        "import sys, zuora_sdk\n"
        "from zuora_sdk._core import frames, bodies\nfrom zuora_sdk.workflows import loader, parts, display\n"
        "zuora_sdk.LoadReport('v', 'create')._repr_html_()\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'numpy', 'IPython', 'tqdm') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
