"""/healthz: whether this app host can serve pages, for the load balancer in front of it."""

from http import HTTPStatus

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache


def database_answers():
    """Whether the database answers a query now."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def cache_state():
    """ "ok" or "down" for Redis; "database" for the cache kept in the database without REDIS_URL (it answers
    when the database does); "local" for a one-process cache (the test suite's)."""
    answers = getattr(cache, "answers", None)
    if answers is None:
        return "database" if isinstance(caches["default"], DatabaseCache) else "local"  # `cache` is a proxy.
    return "ok" if answers() else "down"


@method_decorator(never_cache, name="dispatch")
class HealthView(View):
    """200 while the database answers, 503 when not: then the balancer sends patients to another host.

    Redis being down is reported but does not fail the check: pages still work without it, and one
    shared Redis failing must not take every host out of service.
    """

    def get(self, request):
        if not database_answers():
            return JsonResponse(
                {"status": "down", "database": "down", "cache": cache_state()}, status=HTTPStatus.SERVICE_UNAVAILABLE
            )
        cache_now = cache_state()
        return JsonResponse(
            {"status": "degraded" if cache_now == "down" else "ok", "database": "ok", "cache": cache_now}
        )
