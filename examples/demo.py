"""The whole life of Custom Object bulk jobs, printed step by step.

With no Zuora credentials in the environment it starts the embedded simulator and runs there.
With ZUORA_HOST (or ZUORA_ENVIRONMENT) plus ZUORA_ACCESS_TOKEN (or ZUORA_CLIENT_ID and
ZUORA_CLIENT_SECRET) it runs against that tenant, on the object named by ZUORA_DEMO_OBJECT
(default ``vehicle``, with fields Name__c, Year__c and Active__c; Year__c must be filterable).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator

CREDENTIALS = ("ZUORA_ACCESS_TOKEN", "ZUORA_CLIENT_ID")


@contextlib.contextmanager
def target() -> Iterator[tuple[zuora_sdk.Configuration, ZuoraSimulator | None]]:
    if any(os.environ.get(name) for name in CREDENTIALS):
        config = zuora_sdk.Configuration.from_env()
        print(f"Talking to the Zuora tenant at {config.host}")
        yield config, None
        return
    # processing_delay: jobs take a moment, so there is progress to watch. The client waits in the
    # simulator's time (sleep=sim.advance moves its clock on), so the demo shows it without the wait.
    with ZuoraSimulator(processing_delay=1.5) as sim:
        print(f"No Zuora credentials set: talking to the embedded simulator at {sim.base_url}")
        yield zuora_sdk.Configuration(host=sim.base_url, access_token=sim.access_token, sleep=sim.advance,
                                      clock=sim.clock.now), sim


def show(job: zuora_sdk.CustomObjectBulkJobResponse) -> None:
    processed = job.records_processed or 0  # Zuora leaves the count out of a job that processed nothing
    print(f"    job {job.id}: {job.operation} {job.status}, records processed {processed}")


def main() -> int:
    obj = os.environ.get("ZUORA_DEMO_OBJECT", "vehicle")
    with target() as (config, sim), zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)

        def submit(operation: str, **extra: object) -> zuora_sdk.CustomObjectBulkJobResponse:
            request = zuora_sdk.CustomObjectBulkJobRequest.from_dict(
                {"namespace": "default", "object": obj, "operation": operation, **extra}
            )
            return api.post_custom_object_bulk_job(request)

        print("1. Submit a create job")
        job = submit("create")
        show(job)
        assert job.id is not None
        job_id = job.id

        print("2. Upload a CSV of 6 rows, two of them deliberately bad")
        csv_text = (
            "Name__c,Year__c,Active__c\n"
            "Demo Roadster,2021,true\n"
            "Demo Wagon,2019,false\n"
            "Demo Van,not-a-year,true\n"
            "Demo Coupe,2023,true\n"
            ",2020,true\n"
            "Demo Truck,2018,false\n"
        )
        show(api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, csv_text))

        print("3. Wait for it, with progress")
        job = zuora_sdk.wait_for_job(api, job_id, poll_interval=0.5, max_poll_interval=2, on_progress=show)

        print("4. The job's row errors (row 1 is the header)")
        for error in zuora_sdk.iter_job_errors(api, job_id):
            print(f"    row {error.row}: {error.code} {error.message}")

        print("5. Update two records (an update needs the Id column)")
        update = submit("update")
        assert update.id is not None
        if sim is not None:  # this API cannot read records back; the simulator can
            # A column left out of an update is reset to its default, so send every field you keep.
            rows = [
                {"Id": record["Id"], "Name__c": record["Name__c"], "Year__c": record["Year__c"], "Active__c": False}
                for record in sim.records(obj)[:2]
            ]
            api.post_upload_file_for_custom_object_bulk_job("text/csv", update.id, rows)
            show(zuora_sdk.wait_for_job(api, update.id, poll_interval=0.5, max_poll_interval=2))
        else:
            print("    (reading record ids needs another Zuora API: cancelling the update job instead)")
            show(api.cancel_custom_object_bulk_job(update.id))

        print("6. Delete by filter: every record with Year__c < 2020")
        delete = submit("delete", filter={"conditions": [{"field": "Year__c", "operator": "LT", "value": 2020}]})
        assert delete.id is not None
        zuora_sdk.wait_for_job(api, delete.id, poll_interval=0.5, max_poll_interval=2, on_progress=show)

        print("7. Submit a job and cancel it while it is pending")
        pending = submit("create")
        assert pending.id is not None
        show(api.cancel_custom_object_bulk_job(pending.id))

        print("8. List jobs, two per page")
        for number, listed in enumerate(zuora_sdk.iter_jobs(api, page_size=2, limit=8), start=1):
            print(f"    {number}. {listed.id} {listed.operation} {listed.status}")
    print("Done.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except zuora_sdk.OpenApiException as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
