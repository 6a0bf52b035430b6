"""schema.org data for search engines, built from the same fields the pages show.

What every page shares lives here; a procedure's and a condition's own data in treatments/procedures/structured_data.py.
"""

from django.urls import reverse

SCHEMA = "https://schema.org"


def described(request, schema_type, obj, name):
    """The properties every described thing on the site has: what it is, its name, summary and address."""
    return {
        "@type": schema_type,
        "name": name,
        "description": obj.summary,
        "url": request.build_absolute_uri(obj.get_absolute_url()),
    }


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
        "openingHours": [line.strip() for line in clinic.opening_hours.splitlines() if line.strip()],
    }
