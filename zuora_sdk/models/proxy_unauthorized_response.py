"""The body of a 401 answer: ``{"message": "Authentication error"}``."""

from typing import Optional

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel

__all__ = ["ProxyUnauthorizedResponse"]


class ProxyUnauthorizedResponse(ZuoraModel):
    """An authentication failure. Other keys are kept in ``additional_properties``."""

    message: Optional[str] = Field(default=None, description="The error message.")
