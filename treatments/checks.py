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


# deploy/clinic.env.example's placeholders start so: a copy left as it is must not pass for a configured server.
PLACEHOLDER_PREFIX = "replace-with"


@checks.register(checks.Tags.security, deploy=True)
def no_placeholder_secrets(app_configs, **kwargs):
    """The environment file's secret key and passwords were filled in, not left as the example has them."""
    placeholders = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", settings.SECRET_KEY),
            ("DATABASE_URL", str(settings.DATABASES["default"].get("PASSWORD", ""))),
            ("DJANGO_EMAIL_HOST_PASSWORD", settings.EMAIL_HOST_PASSWORD),
        )
        if value.startswith(PLACEHOLDER_PREFIX)
    ]
    return [
        checks.Error(
            f"{name} still holds the example's placeholder.",
            hint="Fill in /etc/clinic/clinic.env as the README's production section says (the secret key: "
            'python3 -c "import secrets; print(secrets.token_urlsafe(50))").',
            id="treatments.E002",
        )
        for name in placeholders
    ]
