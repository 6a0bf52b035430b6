"""Uploaded images in an S3-compatible bucket, where every app host finds them.

moto's S3 server stands in for the bucket: real HTTP on 127.0.0.1, so the
storage, boto3 and the page's links are exercised as in production. The
storage settings are the ones settings.py builds from DJANGO_S3_*.
"""

import html
import json
import logging
import os
import re
import secrets
import urllib.request
from http import HTTPStatus
from pathlib import Path

import boto3
import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from tests.helpers import admin_change_url, post_admin_form, run_python
from tests.test_images import upload
from treatments.images.renditions import make_renditions, renditions

pytestmark = pytest.mark.django_db

REGION = "us-east-1"
WIDTHS = (480, 800, 1200)


def site_settings(**environment):
    """settings.py's storage for uploaded images, and its CSP's image sources, under these variables."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    program = (
        "import json, clinic_site.settings as s; "
        "print(json.dumps([s.STORAGES['default'], s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
    )
    result = run_python("-c", program, environment={**clean, "DJANGO_SECRET_KEY": "x" * 50, **environment})
    assert result.returncode == 0, result.stderr
    storage, image_sources = json.loads(result.stdout)
    return storage, image_sources


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 on a free port of 127.0.0.1 for this module; its address."""
    requests_log = logging.getLogger("werkzeug")  # moto's server logs every request it answers
    level = requests_log.level
    requests_log.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        requests_log.setLevel(level)


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A new bucket, made the site's storage with the options settings.py gives it; its name."""
    # Credentials reach boto3 from its own variables, as in production (moto takes any).
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    name = f"clinic-media-{secrets.token_hex(4)}"
    client = s3_client(s3_endpoint)
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
    storage, image_sources = site_settings(
        DJANGO_S3_BUCKET=name, DJANGO_S3_ENDPOINT_URL=s3_endpoint, DJANGO_S3_REGION=REGION
    )
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": {**policy["DIRECTIVES"], "img-src": image_sources}}
    return name


def public_read_policy(bucket):
    """What the README asks of the bucket: anyone may read an object; nobody may list them."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


def s3_client(endpoint):
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
    )


def bucket_keys(endpoint, bucket):
    listing = s3_client(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def stem(image):
    return Path(image.name).stem


def rendition_keys(jpeg):
    folder = Path(jpeg.name).parent / "renditions"
    return sorted(
        str(folder / f"{stem(jpeg)}-jpg-{width}w.{extension}") for width in WIDTHS for extension in ("webp", "jpg")
    )


@pytest.fixture
def uploaded(admin_client, treatment, bucket):
    """The procedure, with a hero image uploaded through the admin into the bucket."""
    response = post_admin_form(
        admin_client,
        admin_change_url(treatment),
        hero_image=upload("leg.jpg", size=(2000, 1000)),
        hero_image_alt="A leg after treatment",
    )
    assert response.status_code == HTTPStatus.FOUND
    treatment.refresh_from_db()
    return treatment


def test_settings_use_the_bucket_only_when_one_is_named():
    storage, image_sources = site_settings()
    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert image_sources == ["'self'"]

    storage, _ = site_settings(DJANGO_S3_BUCKET="clinic-media")
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "clinic-media"
    assert (options["endpoint_url"], options["region_name"], options["custom_domain"]) == (None, None, None)
    assert options["querystring_auth"] is False  # links that never expire inside a cached page
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert "access_key" not in options and "secret_key" not in options


@pytest.mark.parametrize(
    "environment",
    [
        {},  # AWS itself
        {"DJANGO_S3_REGION": "eu-west-1"},
        {"DJANGO_S3_ENDPOINT_URL": "https://minio.example.com:9000"},
        {"DJANGO_S3_CUSTOM_DOMAIN": "media.example.com"},
        {"DJANGO_S3_CUSTOM_DOMAIN": "cdn.example.com/clinic", "DJANGO_S3_ENDPOINT_URL": "https://s3.example.com"},
    ],
)
def test_the_content_security_policy_allows_images_where_the_storage_links_them(environment, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")  # a link is signed, then stripped, even when public
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    storage, image_sources = site_settings(DJANGO_S3_BUCKET="clinic-media", **environment)
    link = S3Storage(**storage["OPTIONS"]).url("treatments/leg.jpg")
    [origin] = [source for source in image_sources if source != "'self'"]
    assert link.startswith(origin + "/"), (link, origin)


def test_a_bucket_name_with_dots_on_aws_needs_a_custom_domain():
    with pytest.raises(AssertionError, match="a bucket whose name has dots needs DJANGO_S3_CUSTOM_DOMAIN"):
        site_settings(DJANGO_S3_BUCKET="media.clinic.example")
    _, image_sources = site_settings(DJANGO_S3_BUCKET="media.clinic.example", DJANGO_S3_CUSTOM_DOMAIN="m.example.com")
    assert image_sources == ["'self'", "https://m.example.com"]


def test_an_admin_upload_lands_in_the_bucket_with_its_renditions(uploaded, s3_endpoint, bucket, settings):
    image = uploaded.hero_image
    assert (uploaded.hero_image_width, uploaded.hero_image_height) == (2000, 1000)
    assert bucket_keys(s3_endpoint, bucket) == sorted([image.name, *rendition_keys(image)])
    assert not Path(settings.MEDIA_ROOT).exists(), "nothing may stay on this host's disk"

    client = s3_client(s3_endpoint)
    for key in rendition_keys(image):
        head = client.head_object(Bucket=bucket, Key=key)
        # Browsers fetch these straight from the bucket: its headers are the ones they get.
        assert head["ContentType"] == ("image/webp" if key.endswith(".webp") else "image/jpeg")
        assert head["CacheControl"] == "public, max-age=31536000"


def test_the_page_links_the_renditions_in_the_bucket(uploaded, s3_endpoint, bucket, client):
    response = client.get(uploaded.get_absolute_url())
    page = response.content.decode()
    picture = re.search(r"<picture>.*?</picture>", page, re.DOTALL).group(0)
    base = f"{s3_endpoint}/{bucket}/treatments/renditions/{stem(uploaded.hero_image)}-jpg"
    webp = ", ".join(f"{base}-{width}w.webp {width}w" for width in WIDTHS)
    jpeg = ", ".join(f"{base}-{width}w.jpg {width}w" for width in WIDTHS)
    assert f'<source type="image/webp" srcset="{webp}"' in picture
    assert f'srcset="{jpeg}"' in picture
    assert f'src="{base}-1200w.jpg"' in picture

    # The link works with no credentials, as a patient's browser follows it, and the page allows it.
    src = html.unescape(re.search(r'<img[^>]* src="([^"]+)"', picture).group(1))
    image_sources = re.search(r"img-src ([^;]+)", response["Content-Security-Policy"]).group(1).split()
    assert s3_endpoint in image_sources
    with urllib.request.urlopen(src, timeout=10) as image:
        assert image.headers["Content-Type"] == "image/jpeg"
        assert image.read(3) == b"\xff\xd8\xff"


def test_a_rendition_deleted_from_the_bucket_is_made_again_on_the_next_page_view(uploaded, s3_endpoint, bucket, client):
    deleted = rendition_keys(uploaded.hero_image)[0]
    s3_client(s3_endpoint).delete_object(Bucket=bucket, Key=deleted)
    assert deleted not in bucket_keys(s3_endpoint, bucket)
    cache.clear()  # The check runs when the page is rendered, not when a cached copy is served.

    assert client.get(uploaded.get_absolute_url()).status_code == HTTPStatus.OK
    assert bucket_keys(s3_endpoint, bucket) == sorted([uploaded.hero_image.name, *rendition_keys(uploaded.hero_image)])


def test_two_hosts_making_the_same_rendition_leave_one_copy(uploaded, s3_endpoint, bucket):
    """Both hosts found a rendition missing and made it; the second one's copy is dropped."""
    before = bucket_keys(s3_endpoint, bucket)
    picture = renditions(uploaded.hero_image)
    make_renditions(uploaded.hero_image, list(picture.webp + picture.fallback))  # the late host
    assert bucket_keys(s3_endpoint, bucket) == before
    assert default_storage.exists(picture.webp[0].name)
