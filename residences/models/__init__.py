from residences.models.contractor import Contractor
from residences.models.lookups import (
    ContractorSpecialty,
    DocumentType,
    ResidenceType,
    TaskCategory,
    TaskFrequency,
    TaskPriority,
)
from residences.models.residence import Membership, Residence, ShareCode

__all__ = [
    "Contractor",
    "ContractorSpecialty",
    "DocumentType",
    "Membership",
    "Residence",
    "ResidenceType",
    "ShareCode",
    "TaskCategory",
    "TaskFrequency",
    "TaskPriority",
]
