"""The staff side: procedure pages (procedures.py), the clinic's details and specialists (clinic.py), and the
front desk's triage of consultation requests (consultations.py)."""

from . import clinic, consultations, procedures

__all__ = ["clinic", "consultations", "procedures"]
