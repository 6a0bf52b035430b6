"""The staff side: procedure pages (procedures.py), the sources, signs and passages they share
(library.py), the clinic's details and specialists (clinic.py), and the
front desk's triage of consultation requests (consultations.py).

The door in front of it: its address (address.py), lockouts after repeated wrong passwords (lockout.py),
two-factor sign-in (two_factor.py) and idle staff sessions (idle_sessions.py).
"""

from . import clinic, consultations, library, lockout, procedures

__all__ = ["clinic", "consultations", "library", "lockout", "procedures"]
