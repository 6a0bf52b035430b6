"""Every public page stays within its budget: 60 KB compressed without images, 2 render-blocking requests."""

import re

import pytest

from tests.factories import TreatmentFactory
from tests.helpers import BUDGET_BYTES, FORM_URL, PRIVACY_URL, TREATMENTS_URL, compressed_bytes

pytestmark = pytest.mark.django_db

MAX_RENDER_BLOCKING = 2
ROWS = 10  # In every list of the procedure: a long page, as a real one is.
# A path, or the page of the factory-built "procedure" or its "condition".
PAGES = ["/", TREATMENTS_URL, "procedure", "condition", FORM_URL, PRIVACY_URL]


@pytest.fixture
def path(request, clinic, condition):
    """The page's path, with a published procedure of many rows for `condition` on the site."""
    procedure = TreatmentFactory(rows=ROWS, reviewed=True, conditions=[condition])
    pages = {"procedure": procedure, "condition": condition}
    return pages[request.param].get_absolute_url() if request.param in pages else request.param


def head_of(page):
    return page.split("</head>", 1)[0]


@pytest.mark.parametrize("path", PAGES, indirect=True)
def test_page_is_within_60_kb_compressed_without_images(client, path):
    assert compressed_bytes(client, path) <= BUDGET_BYTES


@pytest.mark.parametrize("path", PAGES, indirect=True)
def test_at_most_two_render_blocking_requests(client, path):
    head = head_of(client.get(path).content.decode())
    stylesheets = re.findall(r'<link rel="stylesheet"(?![^>]*media="print")', head)
    blocking_scripts = re.findall(r"<script(?![^>]*\b(?:defer|async|type=\"application/ld\+json\"))[^>]*>", head)
    assert len(stylesheets) + len(blocking_scripts) <= MAX_RENDER_BLOCKING
    assert stylesheets, "the page should have its stylesheet"
