from django.core.management.base import BaseCommand

from treatments.roles import ROLES, setup_roles


class Command(BaseCommand):
    help = "Create the staff groups 'Content editors' and 'Front desk' with their permissions. Safe to re-run."

    def handle(self, *args, **options):
        setup_roles()
        self.stdout.write(f"Roles ready: {', '.join(ROLES)}.")
