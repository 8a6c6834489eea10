"""Code as users write it, checked with ``mypy --strict`` by test_static.py (never run).

Every line here must type-check without casts or ignores: string values for enum fields, Python
names for aliased fields, the return types of the API and the workflows.
"""

from __future__ import annotations

import zuora_sdk
from zuora_sdk.models import (
    CustomObjectBulkDeleteFilter,
    CustomObjectBulkDeleteFilterCondition,
    CustomObjectBulkJobRequest,
    CustomObjectBulkJobResponse,
    CustomObjectRecordWithAllFields,
)


def fake_job() -> str:
    """A job built as a test of user code would build one."""
    job = CustomObjectBulkJobResponse(
        id="1", status="completed", operation="create", namespace="default", object="vehicle",
        created_date="2026-01-01T00:00:00Z", error={"code": 71012520, "message": "m"}, records_processed=2,
    )
    record = CustomObjectRecordWithAllFields(type="vehicle", additional_properties={"Name__c": "x"})
    record.additional_properties["Year__c"] = 2020
    return job.status.value if job.status is not None else str(record.type)


def lifecycle(config: zuora_sdk.Configuration) -> int:
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        request = CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="create")
        job: CustomObjectBulkJobResponse = api.post_custom_object_bulk_job(request)
        job_id = job.id or ""
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, b"Name__c\nA\n")
        done = zuora_sdk.wait_for_job(api, job_id, timeout=60)
        info = api.get_custom_object_bulk_job_with_http_info(job_id)
        status: int = info.status_code
        request_id: str | None = info.request_id
        errors = [error.row for error in zuora_sdk.iter_job_errors(api, job_id)]
        page = api.get_all_custom_object_bulk_jobs(page_size=10, status="completed")
        newest = [j.created_date for j in page.jobs or []]
        condition = CustomObjectBulkDeleteFilterCondition(var_field="Year__c", operator="LT", value=2000)
        delete = CustomObjectBulkJobRequest(
            namespace="default", object="vehicle", operation="delete",
            filter=CustomObjectBulkDeleteFilter(conditions=[condition, {"field": "Active__c", "operator": "EQ",
                                                                        "value": False}]),
            additional_properties={"note": "kept"},
        )
        by_dict = CustomObjectBulkJobRequest(operation="delete", filter={"conditions": []})
        operation: str = delete.operation.value if delete.operation is not None else ""
        operator = condition.operator.name if condition.operator is not None else ""
        model: type[zuora_sdk.models.CustomObjectBulkJobRequest] = zuora_sdk.models.CustomObjectBulkJobRequest
        report = zuora_sdk.BulkLoader(api, "vehicle", max_active_jobs=2).load([{"Name__c": "B"}])
        try:
            api.p_atch_custom_object_bulk_job(job_id)
        except zuora_sdk.ApiException as exc:
            code: int | None = exc.code
            message: str | None = exc.data.message if exc.data is not None else None
            print(exc.status, exc.body, code, message)
        except zuora_sdk.JobFailedError as exc:
            rows: list[int | None] = [error.row for error in exc.errors]
            print(exc.job.status, rows)
        except zuora_sdk.BulkLoadError as exc:
            print(exc.report.rows_failed)
        print(done.status, status, request_id, errors, newest, delete.to_dict(), report.rows_failed)
        print(by_dict, operation, operator, model)
        return report.records_processed
