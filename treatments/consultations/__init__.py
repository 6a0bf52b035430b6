"""Consultation requests from prospective patients: the form, its views, the emails, the client's address."""
