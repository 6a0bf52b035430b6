"""The site's own system checks."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def redis_in_production(app_configs, **kwargs):
    """Production shares its cache and rate-limit counts through Redis: without it, `check --deploy` fails."""
    if settings.REDIS_URL or settings.DEBUG:
        return []
    return [
        checks.Error(
            "REDIS_URL is not set, so the cache is kept in the database: every worker shares it, but its rate-limit "
            "counts are not atomic and every cached page costs a query.",
            hint="Set REDIS_URL (redis://host:6379/0) for production. The README's production section says how.",
            id="treatments.E001",
        )
    ]
