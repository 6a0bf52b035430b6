"""The page cache: public pages answered from the shared cache, with no database query.

What is kept: a 200 response to an anonymous GET or HEAD (no session cookie) of a public page,
PUBLIC_PAGES below, that sets no cookie and says nothing of its own about caching. Nothing else:
never the consultation pages, the admin or /healthz (they are not in PUBLIC_PAGES), never a
page for a request with a session cookie (staff, or a patient who has sent the form), never a
draft (only staff can open one, and staff always have a session cookie).

Query strings: a page's key holds only the parameters that page reads (`?condition=` on the
treatment list, `?p=` on the sitemap, `?option=` on a compare page), and only values that name something, so that
`?utm_source=...`, `?fbclid=...` or `?x=random` are served the page without them (the page's
body does not depend on them: canonical and og:url links are built from request.path) and
a stream of made-up values cannot fill the cache.

Scheduled pages: nothing is kept past the next publish-at time (seconds_until_next_publish below).

Invalidation: every entry is stored with the content generation it was rendered at, a number in
the shared cache that any save or delete of what a page shows increments. One read (a Redis MGET)
fetches both the generation and the page, and an entry of an earlier generation is a miss, so one
staff edit invalidates every page on every worker and every host at once. `migrate`, run at
every deploy, starts a new generation too: templates may have changed.

Where it sits: near the top of MIDDLEWARE, so that a hit is answered before the security, session,
authentication and other middleware run. What is kept is therefore the whole response as first
sent, every header included (CSP, Permissions-Policy...), with one copy for browsers that take
gzip and one for those that don't.

Headers: anonymous public pages say `Cache-Control: public, max-age=PAGE_MAX_AGE_SECONDS`; a
request with a session cookie gets `private, no-cache`; `Vary: Cookie` on both. A Cache-Control
a view set itself is left as it is.
"""

import hashlib
import math
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "page-cache:generation"
PAGE_KEY_PREFIX = "page-cache:page:"


def known_condition(values):
    from .models import Condition

    return len(values) == 1 and Condition.objects.filter(slug=values[0]).exists()


def page_number(values):
    """A page number as the sitemap's own links write it: 2, not 02 or 2.0."""
    return len(values) == 1 and values[0].isdigit() and values[0] == str(int(values[0]))


def few_known_options(values):
    """Options to compare side by side: as many as fit on a phone, each a published page."""
    from .models import Treatment
    from .procedures.comparison import MAX_SIDE_BY_SIDE

    known = Treatment.objects.published().filter(slug__in=values).count()
    return len(values) <= MAX_SIDE_BY_SIDE and known == len(values)


def never_kept(values):
    """Served fresh every time: too many combinations to keep (any of nine priorities, with any options)."""
    return False


# What a compare page reads: the options to show side by side and what matters to the patient, each repeatable.
COMPARISON_CHOICES = {"option": few_known_options, "priority": never_kept}


# The public pages, by URL name, each with the query parameters its view reads; each parameter's
# check, given all its values (sorted, without repeats), says which are worth keeping (the others are
# served, not kept). A view that starts reading another parameter must list it here: any other
# parameter gets the page kept without it.
PUBLIC_PAGES = {
    "treatments:home": {},
    "treatments:list": {"condition": known_condition},
    "treatments:detail": {},
    "treatments:condition": {},
    "treatments:compare": COMPARISON_CHOICES,
    "treatments:compare_summary": COMPARISON_CHOICES,
    "treatments:privacy": {},
    "treatments:specialists": {},
    "treatments:specialist": {},
    "treatments:visit": {},
    "treatments:costs": {},
    "treatments:sitemap": {"p": page_number},
    "treatments:robots_txt": {},
}


# --- The content generation ------------------------------------------------------------------


def new_generation():
    """Start a generation when there is none (an empty or flushed cache): a value no stored entry has."""
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


def bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # No generation yet: a fresh one is just as new.
        new_generation()


def content_changed(sender, **kwargs):
    """Bump now, so that this process's next request sees the change at once, and again after
    the commit, so that a page another worker rendered from the data before the commit, between
    the two, is not kept as current."""
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed also sends pre_add, pre_remove...
        bump_generation()
        transaction.on_commit(bump_generation, using=kwargs.get("using"))


def content_models():
    """Every model whose rows a public page shows, derived from the declared structure of a procedure."""
    from .models import ClinicDetails, Condition, OutcomeFigure, OutcomeMeasure, Specialist, Treatment
    from .procedures.structure import LIBRARIES, LISTS

    through_tables = [
        field.remote_field.through for model in (Treatment, OutcomeMeasure) for field in model._meta.many_to_many
    ]
    lists = (part.model for part in LISTS)
    comparisons = (OutcomeMeasure, OutcomeFigure)
    return [Treatment, Condition, Specialist, ClinicDetails, *lists, *LIBRARIES, *comparisons, *through_tables]


def watch_content():
    """Connected once, by the app's ready(). A draft is watched too: its publish time bounds what is kept."""
    from .models import Draft

    for model in (*content_models(), Draft):
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{signal}-{model._meta.label}")
    post_migrate.connect(content_changed, dispatch_uid="page-cache-post-migrate")


def public_page(request):
    """The request's public page, known by its URL name, or None."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    parameters = PUBLIC_PAGES.get(match.view_name)
    return None if parameters is None else PublicPage(request, parameters)


def keep_or_mark_private(page, request, response):
    """A rendered 200 of a public page: kept when it may be, with its public headers; else private, no-cache."""
    if page.cacheable(request, response):
        until_publish = seconds_until_next_publish()
        patch_cache_control(response, public=True, max_age=until(settings.PAGE_MAX_AGE_SECONDS, until_publish))
        patch_vary_headers(response, ("Cookie",))
        page.store(request, response, until(settings.PAGE_CACHE_SECONDS, until_publish))
    else:
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Cookie",))


class PublicPage:
    """One request for a public page, and its entry in the cache."""

    def __init__(self, request, parameters):
        self.anonymous = request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
        self.checks = parameters
        # Every value of a repeated parameter, in a set order: "?option=a&option=b" is the page "?option=b&option=a" is.
        self.read = read = {name: sorted(set(request.GET.getlist(name))) for name in parameters if name in request.GET}
        # The response may be gzip-compressed below this middleware: browsers that take gzip get their own copy.
        compressed = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        address = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(sorted(read.items()), doseq=True)}"
        address += " gzip" if compressed else ""
        self.key = PAGE_KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()
        self.generation = None

    def cached_response(self):
        found = cache.get_many([GENERATION_KEY, self.key])
        self.generation = found.get(GENERATION_KEY) or new_generation()
        entry = found.get(self.key)
        if self.generation is None or entry is None or entry[0] != self.generation:
            return None
        _, content, headers = entry
        return HttpResponse(content, headers=headers)

    def cacheable(self, request, response):
        """Whether the response is the same for every anonymous visitor: only then may anyone keep it."""
        return (
            self.anonymous
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
        )

    def worth_keeping(self, request):
        """Checked only before storing, as it may read the database: a hit must read nothing."""
        return (
            # Belt and braces: without a session cookie no one is logged in.
            not request.user.is_authenticated and all(self.checks[name](values) for name, values in self.read.items())
        )

    def store(self, request, response, timeout):
        if self.generation is not None and timeout > 0 and self.worth_keeping(request):
            entry = (self.generation, response.content, list(response.items()))
            cache.set(self.key, entry, timeout)


def seconds_until_next_publish():
    """Seconds until the next scheduled page or draft goes public, or None when nothing is scheduled.

    Neither a kept page nor a browser's copy outlives that time, so the page appears on time everywhere.
    Scheduling or unscheduling a page is a save, which starts a new generation: every entry stored since
    knows the next publish-at time.
    """
    from .models import Draft, Treatment

    now = timezone.now()
    scheduled_pages = Treatment.objects.scheduled(now).order_by().values_list("publish_at", flat=True)
    scheduled_drafts = Draft.objects.filter(publish_at__isnull=False).order_by().values_list("publish_at", flat=True)
    try:  # One query for both.
        next_publish = next(iter(scheduled_pages.union(scheduled_drafts).order_by("publish_at")[:1]), None)
    except DatabaseError:  # robots.txt needs no database: it is still served, and kept, in an outage.
        return None
    return None if next_publish is None else math.floor((next_publish - now).total_seconds())


def until(seconds, until_publish):
    return seconds if until_publish is None else max(0, min(seconds, until_publish))
