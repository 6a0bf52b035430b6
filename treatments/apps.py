from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Clinic content"

    def ready(self):
        from .page_cache import watch_content
        from .revisions import register_content
        from .roles import setup_roles_after_migrate

        # Permissions exist once this app is migrated, so the roles can be granted then.
        post_migrate.connect(setup_roles_after_migrate, sender=self)
        # Any save or delete of what public pages show invalidates every cached page.
        watch_content()
        # Saves of content are recorded as revisions wherever they happen inside reversion.create_revision().
        register_content()
