"""A custom object record: system fields, with custom fields in ``additional_properties``."""

from datetime import datetime
from typing import TYPE_CHECKING, Any, Mapping, Optional

from pydantic import Field

from zuora_sdk.models._base import Timestamp, ZuoraModel

__all__ = ["CustomObjectRecordWithAllFields"]


class CustomObjectRecordWithAllFields(ZuoraModel):
    """A custom object record. The system fields are attributes; custom fields (``Name__c``, ...)
    are in ``additional_properties`` under their API names."""

    id: Optional[str] = Field(
        default=None, alias="Id",
        description="The ID of the record.",
    )
    created_by_id: Optional[str] = Field(
        default=None, alias="CreatedById",
        description="The ID of the user who created the record.",
    )
    created_date: Optional[Timestamp] = Field(
        default=None, alias="CreatedDate",
        description="When the record was created.",
    )
    updated_by_id: Optional[str] = Field(
        default=None, alias="UpdatedById",
        description="The ID of the user who last updated the record.",
    )
    updated_date: Optional[Timestamp] = Field(
        default=None, alias="UpdatedDate",
        description="When the record was last updated.",
    )
    type: Optional[str] = Field(default=None, description="The API name of the object of the record.")

    if TYPE_CHECKING:
        # Type checkers would otherwise take the JSON keys (``Id=``) as the parameter names: the fields
        # are set by their Python names, as in the other models (the JSON keys work too, at run time).
        def __init__(
            self,
            *,
            id: Optional[str] = None,
            created_by_id: Optional[str] = None,
            created_date: Optional[datetime] = None,
            updated_by_id: Optional[str] = None,
            updated_date: Optional[datetime] = None,
            type: Optional[str] = None,
            additional_properties: Optional[Mapping[str, Any]] = None,
        ) -> None: ...
