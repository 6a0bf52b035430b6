"""schema.org data for search engines, built from the same fields the pages show.

What every page shares lives here; a procedure's and a condition's own data in treatments/procedures/schema.py.
"""

from django.urls import reverse
from django.utils import translation

SCHEMA = "https://schema.org"


def described(request, schema_type, obj, name):
    """The properties every described thing on the site has: what it is, its name, summary and address."""
    data = {
        "@type": schema_type,
        "name": name,
        "description": obj.summary,
        "url": request.build_absolute_uri(obj.get_absolute_url()),
    }
    if schema_type.endswith("WebPage"):  # A page is written in a language (a CreativeWork); a procedure is not.
        data["inLanguage"] = translation.get_language()
    return data


def breadcrumbs(request, trail):
    """trail: (name, path) pairs from the home page to the current page."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": request.build_absolute_uri(path)}
            for position, (name, path) in enumerate(trail, 1)
        ],
    }


def medical_clinic(request, clinic):
    return {
        "@context": SCHEMA,
        "@type": "MedicalClinic",
        "name": clinic.name,
        "url": request.build_absolute_uri(reverse("treatments:home")),
        "telephone": clinic.phone,
        "email": clinic.email,
        "address": ", ".join(line.strip() for line in clinic.address.splitlines() if line.strip()),
        # schema.org's own form ("Mo-Fr 08:00-17:00"), when staff have given it: the lines patients read are not.
        **({"openingHours": clinic.opening_hours_schema.split(", ")} if clinic.opening_hours_schema else {}),
        **(
            {
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": float(clinic.latitude),
                    "longitude": float(clinic.longitude),
                }
            }
            if clinic.latitude is not None and clinic.longitude is not None
            else {}
        ),
    }


def physician(request, specialist, clinic):
    """A specialist's page: who they are, and the clinic where they work."""
    data = {
        "@context": SCHEMA,
        "@type": "Physician",
        "name": specialist.name,
        "url": request.build_absolute_uri(specialist.get_absolute_url()),
        "description": ", ".join(filter(None, [specialist.role, specialist.credentials])),
        # schema.org's Physician is a practice (an Organization), so not worksFor, which is a Person's.
        "memberOf": {"@type": "MedicalClinic", "name": clinic.name, "url": request.build_absolute_uri("/")},
    }
    if specialist.languages:
        data["knowsLanguage"] = [language.strip() for language in specialist.languages.split(",") if language.strip()]
    if specialist.board_certification:
        data["hasCredential"] = {"@type": "EducationalOccupationalCredential", "name": specialist.board_certification}
    return data
