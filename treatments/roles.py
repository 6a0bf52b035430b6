"""The two staff roles, as Django groups with exactly the permissions each needs."""

from django.contrib.auth.models import Group, Permission

from .procedures.structure import LIBRARIES, LISTS

CONTENT_EDITORS = "Content editors"
FRONT_DESK = "Front desk"

# Everything a procedure page shows, and the clinic's own details.
CONTENT_MODELS = (
    "treatment",
    *(part.model._meta.model_name for part in LISTS),
    *(library._meta.model_name for library in LIBRARIES),
    "condition",
    "conditionoption",  # Which conditions a procedure treats: without it a new page never reaches its conditions.
    "outcomemeasure",  # What a compare page measures the same way for every option, and each option's figure.
    "outcomefigure",
    "specialist",
    "clinicdetails",
)
ALL_ACTIONS = ("add", "change", "delete", "view")

ROLES = {
    CONTENT_EDITORS: [(model, ALL_ACTIONS) for model in CONTENT_MODELS],
    # Requests are never deleted by hand (see purge_consultations); procedures are read-only.
    FRONT_DESK: [
        ("consultationrequest", ("change", "view")),
        ("statuschange", ("view",)),
        *[(model, ("view",)) for model in CONTENT_MODELS],
    ],
}


def setup_roles():
    """Create or correct both groups; running it again changes nothing."""
    for name, grants in ROLES.items():
        codenames = [f"{action}_{model}" for model, actions in grants for action in actions]
        permissions = Permission.objects.filter(content_type__app_label="treatments", codename__in=codenames)
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def setup_roles_after_migrate(sender, **kwargs):
    setup_roles()
