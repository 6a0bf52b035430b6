"""One name for the site, whatever Host header a client sends.

"CLINIC.test", "clinic.test." and "clinic.test:1" all name the same site (Django accepts each against
ALLOWED_HOSTS), but each would get its own copy of every kept page, and links built from it. Before anything
reads the host, CanonicalHostMiddleware (treatments/middleware/hosts.py) writes it the one way: lower case,
no trailing dot, and a port only where the site is really served on it (the port the server listens on, or
SITE_URL's), never the default one.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port

DEFAULT_PORTS = {"http": "80", "https": "443"}


def canonical_host(host, scheme, server_port):
    domain, port = split_domain_port(host)  # Lower case, trailing dot removed; an IPv6 address keeps its brackets.
    served_on = {str(server_port), str(urlsplit(settings.SITE_URL).port or "")}
    keep_port = port and port != DEFAULT_PORTS.get(scheme) and port in served_on
    return f"{domain}:{port}" if keep_port else domain
