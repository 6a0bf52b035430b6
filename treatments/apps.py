from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Clinic content"

    def ready(self):
        from . import checks  # noqa: F401 - registers the site's own system checks.
        from .models.text import keep_text_normalised
        from .page_cache import content_models, watch_content
        from .revisions import register_content
        from .roles import setup_roles_after_migrate
        from .translations import keep_translation_checks

        # Permissions exist once this app is migrated, so the roles can be granted then.
        post_migrate.connect(setup_roles_after_migrate, sender=self)
        # Any save or delete of what public pages show invalidates every cached page.
        watch_content()
        # Text is kept in one form (LF line ends...), whatever the browser sent, so a save changes only what changed.
        keep_text_normalised(content_models())
        # Saves of content are recorded as revisions wherever they happen inside reversion.create_revision().
        register_content()
        # A save that changes a translation records the English it was written from (its status: translations.py).
        keep_translation_checks()
