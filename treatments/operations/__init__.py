"""Running the site: what happens when something fails, and what it writes in its log.

- request_log.py: one JSON line per request, with a request id, and never a patient's details.
- outage.py: the database does not answer: a 503 page that needs no database, with the clinic's phone.
- bad_input.py: input no view can use (NUL bytes, absurd lengths, files where none are taken) gets a 4xx page.
- cache.py: Redis does not answer: cache reads miss, counts are kept per process, no page fails.
- health.py: /healthz, for the load balancer.
- pages.py: the pages of the above, in the site's design, never indexed, never cached.
"""
