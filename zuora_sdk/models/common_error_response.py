"""The error body of the Custom Object Jobs API: ``{"code": 71013020, "message": "Bad Request"}``."""

from typing import Optional

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel

__all__ = ["CommonErrorResponse"]


class CommonErrorResponse(ZuoraModel):
    """An error answer: an 8-digit Zuora error code and a message. Other keys are kept in
    ``additional_properties``."""

    code: Optional[int] = Field(default=None, description="The 8-digit Zuora error code.")
    message: Optional[str] = Field(default=None, description="The error message.")
