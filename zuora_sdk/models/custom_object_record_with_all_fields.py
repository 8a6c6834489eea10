"""A custom object record: system fields, with custom fields in ``additional_properties``."""

from typing import Optional

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
