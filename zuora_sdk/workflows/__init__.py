"""What users write by hand on top of the six endpoints: paging, waiting, bulk loading.

Everything here uses ``CustomObjectJobsApi`` only; nothing below the API layer knows about jobs.
"""

from zuora_sdk._core import install_check  # noqa: F401  (first: refuses a mix with the official zuora-sdk)
from zuora_sdk.workflows.loader import BulkLoader, load_records
from zuora_sdk.workflows.ownership import find_submitted_job
from zuora_sdk.workflows.paging import iter_job_errors, iter_jobs
from zuora_sdk.workflows.report import FailedRow, LoadNotice, LoadProgress, LoadReport, PartResult
from zuora_sdk.workflows.uploads import upload_csv
from zuora_sdk.workflows.waiting import raise_for_job, wait_for_job

__all__ = [
    "BulkLoader",
    "FailedRow",
    "LoadNotice",
    "LoadProgress",
    "LoadReport",
    "PartResult",
    "find_submitted_job",
    "iter_job_errors",
    "iter_jobs",
    "load_records",
    "raise_for_job",
    "upload_csv",
    "wait_for_job",
]
