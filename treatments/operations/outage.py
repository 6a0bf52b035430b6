"""The database does not answer: a 503 page that needs no database, with the clinic's phone.

Every public page reads the database, so while it is down the site cannot serve them; what it can do
is say so in its own design, tell crawlers and the balancer when to come back (Retry-After), and give
the patient the number to call. A consultation form sent then is not saved: the page says so plainly.
Nothing is kept in between: the next request asks the database again, so the site recovers on its
own once the database answers, without a restart.

Most such failures are raised by a view or its template: DatabaseOutageMiddleware (treatments/middleware/
outage.py) answers them in process_exception (outage_for), inside every other middleware, so the page gets
the headers any page gets. One raised by another middleware (a session saved after the view, the page cache
looking up a condition) arrives there as Django's 500 page; if the database does not answer now either, that
500 becomes the 503 page too (outage_instead_of).
"""

import logging
from http import HTTPStatus

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext

from ..models import ClinicDetails
from .health import database_answers
from .pages import problem_page

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
# Errors that mean "cannot answer now" (refused, dropped, timed out), as opposed to a query's mistake.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Headers of a 500's body, which the 503 page replaces; the others (security headers...) still apply.
BODY_HEADERS = {"content-length", "content-encoding", "content-type", "etag", "last-modified", "cache-control"}


def outage_clinic():
    """The clinic as pages show it without the database: the model's defaults, and CLINIC_PHONE."""
    return ClinicDetails(phone=settings.CLINIC_PHONE)


def outage_page(request):
    not_sent = request.method == "POST"
    if not_sent:
        title = gettext("Your request could not be sent")
    else:
        title = gettext("Sorry, this page is not available right now")
    # `clinic` given here takes the place of the context processor's, which would read the database.
    response = problem_page(
        request, "503.html", title, HTTPStatus.SERVICE_UNAVAILABLE, clinic=outage_clinic(), not_sent=not_sent
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def outage_instead_of(request, response):
    """A 500 raised outside any view (by a middleware) becomes the 503 page when the database does not answer
    now either, with the 500's headers (security headers...) but not those of its body."""
    if response.status_code != HTTPStatus.INTERNAL_SERVER_ERROR or database_answers():
        return response
    outage = outage_page(request)
    for name, value in response.items():
        if name.lower() not in BODY_HEADERS and not outage.has_header(name):
            outage[name] = value
    return outage


def outage_for(request, exception):
    """The 503 page for a view's exception that means the database did not answer, logged; None for others."""
    if not isinstance(exception, DATABASE_UNAVAILABLE):
        return None
    # The driver's first line says why (refused, timed out...); queries' values are never in it.
    reason = str(exception).strip().partition("\n")[0]
    logger.warning(
        "The database did not answer (%s: %s): %s %s answered 503 (request %s).",
        type(exception).__name__,
        reason,
        request.method,
        request.path,
        getattr(request, "request_id", "-"),
    )
    return outage_page(request)
