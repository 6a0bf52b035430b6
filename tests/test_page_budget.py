"""Every public page stays within its budget: 60 KB compressed without images, 2 render-blocking requests."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 60 * 1024
MAX_RENDER_BLOCKING = 2
PAGES = [
    "/",
    "/treatments/",
    "/treatments/ultrasound-guided-sclerotherapy/",
    "/conditions/varicose-veins/",
    "/consultation/",
    "/privacy/",
]


def static_file(url):
    return Path(settings.BASE_DIR, "static", url.removeprefix(settings.STATIC_URL).lstrip("/"))


def head_of(page):
    return page.split("</head>", 1)[0]


@pytest.mark.parametrize("path", PAGES)
def test_page_is_within_60_kb_compressed_without_images(client, clinic_content, path):
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assets = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', page)
    assets += re.findall(r'<script[^>]* src="([^"]+)"', page)
    asset_bytes = sum(len(gzip.compress(static_file(url).read_bytes())) for url in assets)
    assert len(response.content) + asset_bytes <= BUDGET_BYTES


@pytest.mark.parametrize("path", PAGES)
def test_at_most_two_render_blocking_requests(client, clinic_content, path):
    head = head_of(client.get(path).content.decode())
    stylesheets = re.findall(r'<link rel="stylesheet"(?![^>]*media="print")', head)
    blocking_scripts = re.findall(r"<script(?![^>]*\b(?:defer|async|type=\"application/ld\+json\"))[^>]*>", head)
    assert len(stylesheets) + len(blocking_scripts) <= MAX_RENDER_BLOCKING
    assert stylesheets, "the page should have its stylesheet"
