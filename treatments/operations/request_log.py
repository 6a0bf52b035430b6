"""One JSON line per request in the log, and an id for each request.

The line: {"request_id", "method", "path", "status", "duration_ms"}, and nothing else. Never the
query string (an admin search, a filter on requests or a link could put a patient's details in it),
a body, a cookie or a header. Not the client's address either: beside a path and a time it ties a
person to a page of a vein clinic, and a hash would not hide it (all 2^32 IPv4 addresses are
hashed in minutes). The front server's own access log has the address, under its own retention,
and the request id joins its line to this one.

The id is the front server's X-Request-ID when it is a plain token (nginx:
`proxy_set_header X-Request-ID $request_id;`), else a new one. It is request.request_id, the
response's X-Request-ID, and named by the warning of a database outage (outage.py).
"""

import json
import logging
import re
import time
import uuid

logger = logging.getLogger(__name__)

# Letters, digits and - _ . only: nothing that could break a log line or a header. nginx's $request_id is 32 hex digits.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
# An absurd path is cut in the log, not refused: a line stays a line.
PATH_IN_LOG = 300


def request_id_for(request):
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def log_request(request, response, started):
    """The request's one line, `started` being time.monotonic() when it arrived."""
    line = {
        "request_id": request.request_id,
        "method": request.method[:16],
        "path": request.path[:PATH_IN_LOG],
        "status": response.status_code,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
    }
    logger.info(json.dumps(line))
