"""schema.org data for search engines, built from the same fields the pages show."""

from django.urls import reverse

SCHEMA = "https://schema.org"


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
        "url": request.build_absolute_uri(reverse("home")),
        "telephone": clinic.phone,
        "email": clinic.email,
        "address": ", ".join(line.strip() for line in clinic.address.splitlines() if line.strip()),
        "openingHours": [line.strip() for line in clinic.opening_hours.splitlines() if line.strip()],
    }


def procedure(request, treatment):
    return {
        "@type": "MedicalProcedure",
        "name": treatment.title,
        "description": treatment.summary,
        "url": request.build_absolute_uri(treatment.get_absolute_url()),
        "procedureType": f"{SCHEMA}/{treatment.procedure_type}",
        "howPerformed": " ".join(f"{step.title}: {step.description}" for step in treatment.steps.all()),
        "preparation": treatment.preparation,
        "followup": " ".join(
            [treatment.aftercare_intro, *(item.text for item in treatment.aftercare_do.all()), treatment.recovery_time]
        ).strip(),
    }


def treatment_page(request, treatment):
    page = {
        "@context": SCHEMA,
        "@type": "MedicalWebPage",
        "name": treatment.title,
        "description": treatment.summary,
        "url": request.build_absolute_uri(treatment.get_absolute_url()),
        "medicalAudience": {"@type": "Patient"},
        "mainEntity": procedure(request, treatment),
    }
    if treatment.last_reviewed:
        page["lastReviewed"] = treatment.last_reviewed.isoformat()
    if treatment.reviewer:
        page["reviewedBy"] = {
            "@type": "Person",
            "name": treatment.reviewer.name,
            "description": treatment.reviewer.credentials,
        }
    trail = [
        ("Home", reverse("home")),
        ("Treatments", reverse("treatments:list")),
        (treatment.title, treatment.get_absolute_url()),
    ]
    return [page, breadcrumbs(request, trail)]


def condition_page(request, condition):
    data = {
        "@context": SCHEMA,
        "@type": "MedicalCondition",
        "name": condition.name,
        "description": condition.summary,
        "url": request.build_absolute_uri(condition.get_absolute_url()),
        "possibleTreatment": [
            {
                "@type": "MedicalProcedure",
                "name": treatment.title,
                "url": request.build_absolute_uri(treatment.get_absolute_url()),
            }
            for treatment in condition.treatments.all()
        ],
    }
    trail = [("Home", reverse("home")), (condition.name, condition.get_absolute_url())]
    return [data, breadcrumbs(request, trail)]
