"""The app's models, one module per concern: the clinic, procedure pages, consultation requests.

The models of a procedure's lists of rows are reached
through the procedure's declared structure (treatments/procedures/structure.py),
not imported one by one.
"""

from .cache import CacheEntry
from .clinic import ClinicDetails, Specialist
from .comparisons import OutcomeFigure, OutcomeMeasure
from .consultations import ConsultationRequest, RequestAccess, StatusChange
from .drafts import Draft
from .illustrations import Illustration
from .procedures import Condition, Treatment
from .translations import TranslationCheck

__all__ = [
    "CacheEntry",
    "ClinicDetails",
    "Condition",
    "ConsultationRequest",
    "Draft",
    "Illustration",
    "OutcomeFigure",
    "OutcomeMeasure",
    "RequestAccess",
    "Specialist",
    "StatusChange",
    "TranslationCheck",
    "Treatment",
]
