"""The site with the clinic's shipped content, in this process, for the checks that read every public page
(bench/structured-data, bench/page-snapshot): a throwaway SQLite database, Django's test client, the sitemap."""

import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def shipped_site(database):
    """A test client of the site, its database at `database` (a path) loaded with the shipped content."""
    os.environ.pop("REDIS_URL", None)  # The throwaway database holds the cache too: nothing shared is touched.
    os.environ.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_DEBUG="1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "clinic_site.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_clinic_content", verbosity=0)
    return Client(HTTP_HOST="localhost")


def sitemap_paths(client):
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - the site's own sitemap.
    return [urlsplit(location.text).path for location in sitemap.findall("s:url/s:loc", SITEMAP_NS)]
