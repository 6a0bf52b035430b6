"""One name for the site whatever Host header is sent: variants share one kept page and build the same links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from treatments.operations.hosts import canonical_host

pytestmark = pytest.mark.django_db

VARIANTS = ["clinic.test", "CLINIC.TEST", "clinic.test.", "clinic.test:1", "clinic.test:50", "Clinic.Test.:443"]


@pytest.mark.parametrize(
    ("host", "scheme", "server_port", "canonical"),
    [
        ("CLINIC.test.", "https", "8000", "clinic.test"),
        ("clinic.test:1", "https", "8000", "clinic.test"),
        ("clinic.test:443", "https", "443", "clinic.test"),
        ("127.0.0.1:8000", "http", "8000", "127.0.0.1:8000"),  # Where the site is really served: kept.
        ("[::1]:9000", "http", "9000", "[::1]:9000"),
    ],
)
def test_the_host_is_written_one_way(host, scheme, server_port, canonical):
    assert canonical_host(host, scheme, server_port) == canonical


def test_host_variants_share_one_kept_page(client, settings, treatment):
    settings.ALLOWED_HOSTS = ["clinic.test"]
    url = treatment.get_absolute_url()
    client.get(url, HTTP_HOST=VARIANTS[0])  # Rendered and kept once.
    with CaptureQueriesContext(connection) as queries:
        for variant in VARIANTS:
            response = client.get(url, HTTP_HOST=variant)
            assert response.status_code == 200
            assert '<link rel="canonical" href="http://clinic.test/' in response.content.decode(), variant
    assert len(queries) == 0  # Every variant was a hit on the one kept copy: no page rendered again.


def test_a_host_that_is_not_allowed_is_still_refused(client, settings, treatment):
    settings.ALLOWED_HOSTS = ["clinic.test"]
    assert client.get(treatment.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400
