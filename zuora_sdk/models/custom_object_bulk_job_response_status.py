"""The status of a custom object bulk job."""

from zuora_sdk.models._enums import OpenEnum

__all__ = ["CustomObjectBulkJobResponseStatus"]


class CustomObjectBulkJobResponseStatus(OpenEnum):
    """The status of a custom object bulk job.

    A status this package does not know (Zuora adds new ones) is kept as it was sent: it is an
    instance of this enum equal to its string (``status == "queued"``), see ``OpenEnum``.
    """

    ACCEPTED = "accepted"
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
