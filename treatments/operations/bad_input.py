"""Input no view can use, refused with a 4xx page in the site's design before any view, form or query sees it.

- A NUL byte anywhere: the address, the query string (admin filters included), a form's fields, a
  cookie. No one types one, and PostgreSQL can neither store nor compare a text holding one.
- An address longer than MAX_ADDRESS_LENGTH (414): no link of the site comes near it.
  The search page's query string is not counted: it cuts a long query itself and says so.
- A body larger than the site takes (413), known from Content-Length before anything is read: form
  fields up to DATA_UPLOAD_MAX_MEMORY_SIZE; in the admin, with an image, see body_limit().
- Files outside the admin (415): no public form takes one. A body there is no larger than
  DATA_UPLOAD_MAX_MEMORY_SIZE, so Django holds a file in it in memory; it is never written to disk.
- A body Django cannot parse (400): malformed multipart, too many fields.

Invalid UTF-8 is not refused: Django decodes it to U+FFFD, which every form and query handles.

A refusal says what was wrong, that nothing was saved, and how to go on (back, home, the phone).
The checks run in process_view, first of all middleware's, so the page still passes through the others
(security headers, compression). Cookies are checked on the way in, before anything reads them.
"""

import contextlib
from dataclasses import dataclass
from http import HTTPStatus
from http.cookies import CookieError

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..images.uploads import describe_size
from ..middleware.admin_address import is_admin_request
from .pages import problem_page

# gunicorn refuses a request line longer than 4094 bytes; this holds wherever the site runs.
MAX_ADDRESS_LENGTH = 4096
NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Refusal:
    status: HTTPStatus
    title: str
    explanation: str


UNREADABLE = Refusal(
    HTTPStatus.BAD_REQUEST,
    _("We could not read that request"),
    _("Your browser sent something this site cannot use, such as a character that never appears in typed text."),
)
UNREADABLE_COOKIE = Refusal(
    HTTPStatus.BAD_REQUEST,
    _("We could not read your browser's cookies for this site"),
    _(
        "One of the cookies your browser keeps for this site was damaged. We have asked your browser to remove it: "
        "please reload the page."
    ),
)
ADDRESS_TOO_LONG = Refusal(
    HTTPStatus.REQUEST_URI_TOO_LONG,
    _("That address is too long"),
    _("No page of this site has an address that long. Please check the link you followed."),
)
NO_FILES_HERE = Refusal(
    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
    _("This form does not take files"),
    _("Only the form's own boxes can be sent here; files and attachments cannot."),
)


def too_large(image=False):
    if image:
        largest = describe_size(settings.MAX_IMAGE_UPLOAD_BYTES)
        explanation = gettext("The largest image the site takes is %(size)s. Please choose a smaller one.") % {
            "size": largest
        }
    else:
        size = describe_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        explanation = gettext("This form takes up to %(size)s of text.") % {"size": size}
    return Refusal(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, gettext("What you sent is too large"), explanation)


def has_nul(fields):
    """Whether a NUL byte is in any name or value of a QueryDict, or in a string."""
    if isinstance(fields, str):
        return NUL in fields
    return any(NUL in name or any(NUL in value for value in values) for name, values in fields.lists())


def body_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # What Django reads then: nothing.


def body_limit(takes_images):
    if takes_images:
        # Twice the admin's image limit, and room for the form: a photo a little too large still reaches
        # the admin, which says its size beside the form; only an absurd one is refused unread.
        return 2 * (settings.MAX_IMAGE_UPLOAD_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def query_string_length(request, view_func):
    """The query string's length, counted against MAX_ADDRESS_LENGTH; not counted for a view that cuts a long
    query itself and says so to the visitor (the search page: `cuts_long_queries = True`)."""
    if getattr(getattr(view_func, "view_class", None), "cuts_long_queries", False):
        return 0
    return len(request.META.get("QUERY_STRING", ""))


def set_aside_unreadable_cookies(request):
    """Removed before the session or CSRF machinery reads them (a session key is looked up in the database), and
    kept in request.unreadable_cookies, so the refusal can delete them."""
    request.unreadable_cookies = [name for name, value in request.COOKIES.items() if NUL in name + value]
    if request.unreadable_cookies:
        request.COOKIES = {n: v for n, v in request.COOKIES.items() if n not in request.unreadable_cookies}


def refusal_page(request, view_func):
    """The 4xx page for a request no view can use, or None to let the view answer."""
    refused = refusal(request, view_func)
    if refused is None:
        return None
    response = problem_page(request, "bad_request.html", refused.title, refused.status, refusal=refused)
    for name in request.unreadable_cookies:
        with contextlib.suppress(CookieError):  # A name no Set-Cookie can carry: nothing to remove.
            response.delete_cookie(name)
    return response


def refusal(request, view_func):
    if len(request.path_info) + query_string_length(request, view_func) > MAX_ADDRESS_LENGTH:
        return ADDRESS_TOO_LONG
    if request.unreadable_cookies:
        return UNREADABLE_COOKIE
    if has_nul(request.path_info) or has_nul(request.GET):
        return UNREADABLE
    return body_refusal(request) if request.method == "POST" else None


def body_refusal(request):
    if request.content_type not in FORM_TYPES:
        return None  # A body Django does not parse, and no view here reads.
    takes_images = is_admin_request(request) and request.content_type == "multipart/form-data"
    if body_length(request) > body_limit(takes_images):
        return too_large(image=takes_images)
    try:
        fields = request.POST  # Parsed here once; the CSRF check and the view reuse it.
    except RequestDataTooBig:  # The form fields of a multipart body, counted as they are read.
        return too_large()
    except (MultiPartParserError, SuspiciousOperation, BadRequest, UnreadablePostError):
        return UNREADABLE
    # Public forms may come as multipart (without files, as a browser can send any form), but no
    # larger than DATA_UPLOAD_MAX_MEMORY_SIZE: under FILE_UPLOAD_MAX_MEMORY_SIZE, so a file in one
    # was held in memory, never written to disk, and is dropped with the refusal.
    if request.FILES and not takes_images:
        return NO_FILES_HERE
    return UNREADABLE if has_nul(fields) else None
