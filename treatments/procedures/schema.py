"""schema.org data of procedure and condition pages, built from the same fields the pages show."""

from ..seo.structured_data import SCHEMA, described
from .structure import schema_properties


def treatment_page(request, treatment):
    page = {
        "@context": SCHEMA,
        **described(request, "MedicalWebPage", treatment, treatment.title),
        "medicalAudience": {"@type": "Patient"},
        "mainEntity": {
            **described(request, "MedicalProcedure", treatment, treatment.title),
            "procedureType": f"{SCHEMA}/{treatment.procedure_type}",
            **schema_properties(treatment),
        },
    }
    page["citation"] = [
        {
            "@type": "CreativeWork",
            "name": source.title,
            "publisher": {"@type": "Organization", "name": source.publisher},
            # A year we read an undated page in is not its publication date: schema.org has no word for it.
            **({} if source.year_is_read else {"datePublished": str(source.year)}),
            "url": source.url,
        }
        for source in (citation.reference for citation in treatment.sources.all())
    ]
    if treatment.is_medically_reviewed:
        page["lastReviewed"] = treatment.last_reviewed.isoformat()
        page["reviewedBy"] = {
            "@type": "Person",
            "name": treatment.reviewer.name,
            "description": treatment.reviewer.credentials,
        }
    return page


def condition_page(request, condition):
    return {
        "@context": SCHEMA,
        **described(request, "MedicalCondition", condition, condition.name),
        "possibleTreatment": [
            {
                "@type": "MedicalProcedure",
                "name": treatment.title,
                "url": request.build_absolute_uri(treatment.get_absolute_url()),
            }
            for treatment in condition.treatments.all()
        ],
    }
