"""A notebook, executed as Jupyter does (nbclient and an IPython kernel): what its cells show."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

NEEDED = ("nbclient", "nbformat", "ipykernel", "pandas")
MISSING = [name for name in NEEDED if importlib.util.find_spec(name) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"the notebook test needs {', '.join(MISSING)}: pip install nbclient ipykernel pandas"
)

CELLS = [
    # 0: a client on a simulator
    """
    import os
    os.environ.pop("ZUORA_PROGRESS", None)
    import pandas as pd
    import zuora_sdk
    from zuora_sdk.testing import ZuoraSimulator
    sim = ZuoraSimulator().start()
    client = zuora_sdk.ApiClient(zuora_sdk.Configuration(host=sim.base_url, access_token=sim.access_token))
    api = zuora_sdk.CustomObjectJobsApi(client)
    """,
    # 1: waiting shows progress without being asked; the job is the cell's value
    """
    request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="create")
    job = api.post_custom_object_bulk_job(request)
    zuora_sdk.upload_csv(api, job.id, "Name__c,Year__c\\nA,2020\\nB,<b>soon</b>\\n")
    zuora_sdk.wait_for_job(api, job.id, poll_interval=0.05)
    """,
    # 2: a job's errors
    "api.get_custom_object_bulk_job_errors(job.id)",
    # 3: an exception as a value
    """
    try:
        api.get_custom_object_bulk_job("no-such-job")
    except zuora_sdk.ApiException as exc:
        error = exc
    error
    """,
    # 4: a DataFrame loaded; the report as the value
    """
    cars = pd.DataFrame({"Name__c": ["C", "D"], "Year__c": pd.array([2021, None], dtype="Int64")})
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.05).load(cars)
    report
    """,
    # 5: a page of jobs; then clean up
    """
    page = api.get_all_custom_object_bulk_jobs()
    client.close()
    sim.stop()
    page
    """,
]


def run_notebook(tmp_path: Path) -> list[list[dict[str, Any]]]:
    import textwrap

    import nbclient
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(textwrap.dedent(source).strip()) for source in CELLS]
    nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    return [[dict(output) for output in cell.outputs] for cell in notebook.cells]


def shown(outputs: list[dict[str, Any]], kind: str) -> str:
    """Everything a cell showed as ``kind`` (text/html, text/plain), and its stream text."""
    texts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            texts.append(output.get("text", ""))
        texts.append(str(output.get("data", {}).get(kind, "")))
    return "\n".join(texts)


def test_a_notebook_shows_tables_readable_values_and_progress(tmp_path: Path) -> None:
    outputs = run_notebook(tmp_path)
    waited, errors, exception, report, page = outputs[1:]
    # Progress was shown while waiting (an updating display, or a tqdm bar), and the job as a table.
    progress = shown([output for output in waited if output["output_type"] != "execute_result"], "text/plain")
    assert "completed, 2 records processed" in progress
    assert "<table>" in shown(waited, "text/html") and "<td>status</td><td>completed</td>" in shown(waited, "text/html")
    assert "status='completed'" in shown(waited, "text/plain")
    html = shown(errors, "text/html")
    assert "1 error" in html and "&lt;b&gt;soon&lt;/b&gt;" in html and "<b>soon" not in html
    assert "NotFoundException(status=404, code=71013040, message=" in shown(exception, "text/plain")
    assert "request_id='" in shown(exception, "text/plain")
    html = shown(report, "text/html")
    assert "create vehicle: 1 job, 2 rows read, 2 loaded, 0 failed" in html and "<table>" in html
    assert "2 jobs" in shown(page, "text/html")
