"""The staff side: content editing (content.py) and the front desk's triage (consultations.py)."""

from . import consultations, content

__all__ = ["consultations", "content"]
