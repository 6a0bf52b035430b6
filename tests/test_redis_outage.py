"""Redis goes down and comes back: pages keep working, a patient's request is still saved, counts go on.

The cache backend on its own first, against a port where nothing listens; then the real site: gunicorn
(one worker, so that its own count and its own warning are the ones seen) reaches Redis through a TCP
forwarder that the test cuts, dropping every connection and refusing new ones, then opens again.
"""

import contextlib
import json
import logging
import secrets
import sqlite3
import time
import types
from http import HTTPStatus

import pytest
import redis

from tests.helpers import FORM_URL, Browser, gunicorn_site_environment, require_services
from tests.servers import TcpForwarder, free_port, running_gunicorn
from treatments.operations import cache as resilient

REDIS = ("127.0.0.1", 6379)
REDIS_DB = 14  # Its own: other tests use 11, 12, 13 and 15.
LIMIT = 3
PAGES = ["/", "/treatments/", "/privacy/", FORM_URL]
DOWN_WARNING = "Redis is not answering"


def patient(number):
    return {
        "name": f"Redis Outage Patient {number}",
        "phone": "555 010 0177",
        "preferred_contact": "phone",
        "consent": "on",
    }


@pytest.fixture
def dead_redis(monkeypatch):
    """The site's cache backend, for a Redis that does not listen, and that this process knows nothing of yet."""
    monkeypatch.setattr(resilient, "_states", {})
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    return resilient.ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": options})


def test_without_redis_reads_miss_writes_are_dropped_and_counts_go_on(dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger=resilient.__name__):
        assert dead_redis.get("page", "missing") == "missing"
        assert dead_redis.get_many(["a", "b"]) == {}
        dead_redis.set("page", "<html>")
        dead_redis.set_many({"a": 1, "b": 2})
        assert dead_redis.get("page") is None
        assert dead_redis.has_key("page") is False
        assert dead_redis.touch("page") is False
        assert dead_redis.delete("page") is False
        dead_redis.delete_many(["a", "b"])
        assert dead_redis.get_or_set("generation", 7) == 7
        # Counts, such as the rate limit's, carry on in this process.
        assert dead_redis.add("count", 1, 60) is True
        assert dead_redis.add("count", 1, 60) is False
        assert [dead_redis.incr("count") for _ in range(3)] == [2, 3, 4]
        with pytest.raises(ValueError):
            dead_redis.incr("never-added")  # As with Redis itself.
        assert dead_redis.answers() is False
    assert [record.getMessage().startswith(DOWN_WARNING) for record in caplog.records] == [True]


def test_after_a_failure_redis_is_left_alone_for_a_few_seconds(dead_redis, monkeypatch):
    clock = types.SimpleNamespace(now=1000.0)
    monkeypatch.setattr(resilient, "time", types.SimpleNamespace(monotonic=lambda: clock.now))
    asked = []
    client = dead_redis._cache
    monkeypatch.setattr(
        client, "get_client", lambda *args, **kwargs: asked.append(1) or type(client).get_client(client)
    )
    for _ in range(5):
        dead_redis.get("page")
    assert len(asked) == 1  # One timeout at most, not one for every cache call of every request.
    clock.now += resilient.RETRY_SECONDS
    dead_redis.get("page")
    assert len(asked) == 2


@pytest.fixture
def key_prefix():
    """Each run's own keys in Redis, deleted afterwards."""
    require_services(Redis=6379)
    prefix = f"redis-outage-{secrets.token_hex(6)}"
    try:
        yield prefix
    finally:
        with contextlib.closing(redis.Redis(*REDIS, db=REDIS_DB)) as shared:
            for key in shared.scan_iter(f"{prefix}:*"):
                shared.delete(key)


def cache_health(site):
    answer = site.get("/healthz")
    assert answer.status == HTTPStatus.OK  # Redis is never a reason to take the host out of service.
    return json.loads(answer.text)


def test_pages_and_requests_carry_on_while_redis_is_down(key_prefix, tmp_path):
    database = tmp_path / "site.sqlite3"
    log_path = tmp_path / "gunicorn.log"
    with TcpForwarder(REDIS) as forwarder:
        environment = gunicorn_site_environment(
            tmp_path,
            DATABASE_URL=f"sqlite:///{database}",
            REDIS_URL=f"redis://{REDIS[0]}:{forwarder.port}/{REDIS_DB}",
            CACHE_KEY_PREFIX=key_prefix,
            CONSULTATION_RATE_LIMIT=f"{LIMIT}/10m",
        )
        with running_gunicorn(environment, workers=1, log_path=log_path, ready_path="/privacy/") as server:
            site = Browser(server.url)
            assert cache_health(site) == {"status": "ok", "database": "ok", "cache": "ok"}

            forwarder.stop()
            for path in PAGES * 3:
                assert site.get(path).status == HTTPStatus.OK, (path, log_path.read_text())
            assert site.post(FORM_URL, patient(1)).status == HTTPStatus.FOUND
            thanks = site.get("/consultation/thanks/")
            assert thanks.status == HTTPStatus.OK
            assert saved_names(database) == ["Redis Outage Patient 1"]
            # The rate limit holds, counted by the process alone.
            statuses = [site.post(FORM_URL, patient(n)).status for n in range(2, LIMIT + 2)]
            assert statuses == [HTTPStatus.FOUND] * (LIMIT - 1) + [HTTPStatus.TOO_MANY_REQUESTS]
            assert cache_health(site) == {"status": "degraded", "database": "ok", "cache": "down"}
            assert log_path.read_text().count(DOWN_WARNING) == 1  # Once for the outage, not once a request.

            forwarder.start()
            deadline = time.monotonic() + 30
            while cache_health(site)["cache"] != "ok" and time.monotonic() < deadline:
                time.sleep(0.2)
            assert cache_health(site) == {"status": "ok", "database": "ok", "cache": "ok"}
            assert site.get("/").status == HTTPStatus.OK
    log = log_path.read_text()
    assert "Redis answers again" in log
    assert "Traceback" not in log
    assert len(saved_names(database)) == LIMIT


def saved_names(database):
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return [name for (name,) in connection.execute("SELECT name FROM treatments_consultationrequest ORDER BY id")]


def test_clearing_the_cache_deletes_only_this_site_s_keys():
    """Another site, host or test run may use the same Redis database: clear() must leave its keys alone."""
    url = "redis://127.0.0.1:6379/13"
    ours = resilient.ResilientRedisCache(url, {"KEY_PREFIX": f"ours-{secrets.token_hex(4)}"})
    theirs_key = f"theirs-{secrets.token_hex(4)}:1:page"
    with contextlib.closing(redis.Redis.from_url(url)) as raw:
        raw.set(theirs_key, b"kept", ex=60)
        ours.set("page", "ours", 60)
        ours.clear()
        assert ours.get("page") is None
        assert raw.get(theirs_key) == b"kept"
        raw.delete(theirs_key)
