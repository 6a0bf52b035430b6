"""Every middleware of the site, each a small class in a module of its own; settings.MIDDLEWARE gives their
order and why. Each one only decides when to act: what it does lives with its concern (the page cache in
treatments/page_cache.py, refusals in operations/bad_input.py...), so it can be read and tested on its own.

- request_log.py: one JSON line per request, with its id (operations/request_log.py).
- outage.py: a database that does not answer gets the 503 page (operations/outage.py).
- bad_input.py: input no view can use gets a 4xx page (operations/bad_input.py).
- hosts.py: one name for the site, whatever Host header a client sends (operations/hosts.py).
- language.py: the page's language, from its address (/es/...).
- page_cache.py: public pages from the shared cache (treatments/page_cache.py).
- scheduled_drafts.py: drafts published when their time comes (treatments/drafts.py).
- two_factor.py, idle_sessions.py: the admin's second factor, and idle staff sessions ended.
- admin_address.py: whether a request is for the admin (ADMIN_URL); no middleware imports the admin itself.
"""


class Middleware:
    """Django's middleware shape: called with the next layer, then once a request."""

    def __init__(self, get_response):
        self.get_response = get_response
