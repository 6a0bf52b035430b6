"""The staff side: procedure pages (procedures.py), the sources, signs and passages they share
(library.py), the clinic's details and specialists (clinic.py), and the
front desk's triage of consultation requests (consultations.py).

The door in front of it: lockouts after repeated wrong passwords (lockout.py) and the two-factor pages
(two_factor.py); the middleware that guards the door (the second factor owed, idle staff sessions, the admin's
address) is in treatments/middleware/.
"""

from . import clinic, consultations, library, lockout, procedures

__all__ = ["clinic", "consultations", "library", "lockout", "procedures"]
