"""API classes."""

from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi

__all__ = ["CustomObjectJobsApi"]
