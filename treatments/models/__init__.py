from .consultations import ConsultationRequest, StatusChange
from .content import (
    FAQ,
    AftercareDo,
    AftercareDont,
    Benefit,
    Candidate,
    ClinicDetails,
    Condition,
    ReasonNotTo,
    Risk,
    Specialist,
    Step,
    Treatment,
    WarningSign,
)

__all__ = [
    "FAQ",
    "AftercareDo",
    "AftercareDont",
    "Benefit",
    "Candidate",
    "ClinicDetails",
    "Condition",
    "ConsultationRequest",
    "ReasonNotTo",
    "Risk",
    "Specialist",
    "StatusChange",
    "Step",
    "Treatment",
    "WarningSign",
]
