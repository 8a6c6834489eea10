"""The simulated tenant's rules where the other simulator tests leave them loose.

- sizes past the small numbers most tests use: a job limit of 300, a job of 300 rows that all fail
  (counts up to 256 are single objects in CPython, so a count compared by identity instead of
  value would pass every smaller test);
- a file sent to a job that is no longer pending is refused for that reason, before it is read;
- each job is created by the user whose token submitted it (the loader's proof that a job is its own).
"""

from __future__ import annotations

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator


def test_a_job_limit_of_300_admits_300_jobs_and_refuses_the_next() -> None:
    with ZuoraSimulator(max_concurrent_jobs=300) as sim, zuora_sdk.ApiClient(make_config(sim, retries=0)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        jobs = [submit(api) for _ in range(300)]
        with pytest.raises(zuora_sdk.RateLimitException, match="concurrent job limit"):
            submit(api)
        api.p_atch_custom_object_bulk_job(jobs[0])  # a slot frees
        submit(api)
        assert sim.stats.jobs_created == 301 and sim.stats.rejected_429 == 1


def test_a_job_of_300_rows_that_all_fail_is_failed(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    job_id = submit(api)
    text = "Name__c,Year__c\n" + "".join(f"car {i},soon\n" for i in range(300))
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, text)
    job = api.get_custom_object_bulk_job(job_id)
    assert job.status == "failed" and job.records_processed == 300
    assert job.error is not None and "All 300 records failed" in (job.error.message or "")
    assert sim.records("vehicle") == []


@pytest.mark.parametrize("status", ["cancelled", "in_progress", "completed"])
def test_a_file_for_a_job_that_is_not_pending_is_refused_for_that(status: str) -> None:
    delay = 60 if status == "in_progress" else 0
    with ZuoraSimulator(processing_delay=delay) as sim, zuora_sdk.ApiClient(make_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(api)
        if status == "cancelled":
            api.p_atch_custom_object_bulk_job(job_id)
        else:
            api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c\nA\n")
        assert sim.jobs[job_id]["status"] == status
        with pytest.raises(zuora_sdk.BadRequestException) as caught:  # a file that would fail by its header
            api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c,Name__c\nA,B\n")
        assert f"is {status}: a file can only be uploaded while it is pending" in str(caught.value)
        assert sim.stats.uploads_accepted == (status != "cancelled")


def test_a_job_is_created_by_the_user_whose_token_submitted_it(sim: ZuoraSimulator) -> None:
    token, user_id = sim.add_user()
    with zuora_sdk.ApiClient(make_config(sim, access_token=token)) as other_client, \
            zuora_sdk.ApiClient(make_config(sim)) as client:
        theirs = zuora_sdk.CustomObjectJobsApi(other_client).get_custom_object_bulk_job(
            submit(zuora_sdk.CustomObjectJobsApi(other_client)))
        ours = zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job(
            submit(zuora_sdk.CustomObjectJobsApi(client)))
    assert theirs.created_by_id == user_id
    assert ours.created_by_id is not None and ours.created_by_id != user_id


def test_a_file_for_a_delete_job_is_refused_for_that(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    job_id = submit(api, "delete", filter={"conditions": [{"field": "Year__c", "operator": "EQ", "value": 1}]})
    with pytest.raises(zuora_sdk.BadRequestException, match="A delete job takes no file"):
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c\nA\n")
    assert sim.stats.uploads_accepted == 0
