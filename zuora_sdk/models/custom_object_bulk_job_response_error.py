"""Why a custom object bulk job failed."""

from typing import Optional

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel

__all__ = ["CustomObjectBulkJobResponseError"]


class CustomObjectBulkJobResponseError(ZuoraModel):
    """The error of a failed bulk job. ``code`` is always a string: a numeric code is converted
    (``71013020`` becomes ``"71013020"``)."""

    code: Optional[str] = Field(default=None, description="The error code.")
    message: Optional[str] = Field(default=None, description="The error message.")
