"""Why a custom object bulk job failed."""

from typing import Optional

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel

__all__ = ["CustomObjectBulkJobResponseError"]


class CustomObjectBulkJobResponseError(ZuoraModel):
    """The error of a failed bulk job. ``code`` is an int, as Zuora documents it (``err.code == 71013020``);
    a code sent as a numeric string is converted."""

    code: Optional[int] = Field(default=None, description="The error code.")
    message: Optional[str] = Field(default=None, description="The error message.")
