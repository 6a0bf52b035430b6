"""Addresses and helpers that several test modules use."""

import gzip
import json
import re
from http import HTTPStatus
from pathlib import Path

from django import forms
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

FORM_URL = "/consultation/"
THANKS_URL = "/consultation/thanks/"
PRIVACY_URL = "/privacy/"
TREATMENTS_URL = "/treatments/"
# Every public page, compressed, with its stylesheet and icons but without images.
BUDGET_BYTES = 60 * 1024


def admin_form_data(response):
    """The POST data a browser would send back from an admin change form, unchanged."""
    data = {}
    bound_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        bound_forms.extend(formset.forms)
    for form in bound_forms:
        for field in form:
            value = field.value()
            if value is None or value is False or isinstance(field.field, forms.FileField):
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def json_ld(page):
    """The page's JSON-LD objects by their @type."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    data = []
    for block in blocks:
        parsed = json.loads(block)
        data.extend(parsed if isinstance(parsed, list) else [parsed])
    return {item["@type"]: item for item in data}


def count_page_queries(client, url):
    client.get(url)  # Warm-up: the first request also loads the session machinery.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def admin_change_url(obj):
    """The admin change page of a saved object."""
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def post_admin_form(client, url, **changes):
    """Post an admin change form back as the browser shows it, with these changes."""
    return client.post(url, {**admin_form_data(client.get(url)), **changes})


def compressed_bytes(client, path):
    """The page and the stylesheets, icons and scripts it loads, each gzip-compressed; images left out."""
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assets = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', page)
    assets += re.findall(r'<script[^>]* src="([^"]+)"', page)
    return len(response.content) + sum(len(gzip.compress(static_file(url).read_bytes())) for url in assets)


def static_file(url):
    return Path(settings.BASE_DIR, "static", url.removeprefix(settings.STATIC_URL).lstrip("/"))
