"""Django's Redis cache, made so that Redis being down costs speed, never a page.

While Redis does not answer, reads are misses and writes are dropped (the page cache renders pages
afresh), and counters, `add` and `incr`, are kept in this process's memory instead, so that the
consultation rate limit still holds, per worker, rather than failing open or refusing everyone.
One warning is logged when a process finds Redis down, and one line when it answers again, not
one a request. After a failure a process leaves Redis alone for RETRY_SECONDS, so that a Redis
that times out does not add its timeout to every cache call of every request.

Counts kept during an outage are not carried back: when Redis answers again, counting starts afresh
there. Entries written to Redis before the outage may be older than a change made during it
(a page cache's invalidation cannot reach Redis while it is down): they last at most their timeout.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5
# Per process and per Redis, shared by every thread's cache object (Django makes one per thread).
_states = {}
_states_lock = threading.Lock()


class RedisState:
    """Whether one Redis answers, as this process last found it."""

    def __init__(self, location):
        self.location = location
        self.down_since = None  # time.monotonic() of the failure that began the outage
        self.retry_at = 0.0

    @classmethod
    def of(cls, servers):
        location = ",".join(servers)
        with _states_lock:
            return _states.setdefault(location, cls(location))

    @property
    def resting(self):
        """Within RETRY_SECONDS of a failure: do not ask Redis yet."""
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error):
        now = time.monotonic()
        if self.down_since is None:
            self.down_since = now
            # The error names the host and port, never a password or a cached value.
            logger.warning(
                "Redis is not answering (%s: %s). Until it does, cache reads are misses and counts such as the "
                "consultation rate limit are kept by each process.",
                type(error).__name__,
                error,
            )
        self.retry_at = now + RETRY_SECONDS

    def answered(self):
        if self.down_since is not None:
            logger.warning("Redis answers again, after %.1f s down.", time.monotonic() - self.down_since)
            self.down_since = None


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.clients = {}
        self.state = RedisState.of(servers)
        # LocMemCache keeps its entries per process by name, whichever thread's object asks.
        self.counters = LocMemCache(f"outage-counts:{self.state.location}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    def get_client(self, key=None, *, write=False):
        """One redis.Redis for writes and one for reads, made once: Django makes a new one on every call, which
        was a third of a page-cache hit's time. A client is safe to share; its pool hands out connections. (With
        replicas, each process reads from the one it first picked.)"""
        if write not in self.clients:
            self.clients[write] = super().get_client(key, write=write)
        return self.clients[write]

    def _attempt(self, operation, *args, when_down):
        if self.state.resting:
            return when_down()
        try:
            result = operation(*args)
        except RedisError as error:
            self.state.failed(error)
            return when_down()
        self.state.answered()
        return result

    def ping(self):
        """Asks Redis now, even while resting: for /healthz."""
        try:
            self.get_client().ping()
        except RedisError as error:
            self.state.failed(error)
            return False
        self.state.answered()
        return True

    # Reads miss, writes are dropped.
    def get(self, key, default):
        return self._attempt(super().get, key, default, when_down=lambda: default)

    def get_many(self, keys):
        return self._attempt(super().get_many, keys, when_down=dict)

    def has_key(self, key):
        return self._attempt(super().has_key, key, when_down=lambda: False)

    def set(self, key, value, timeout):
        self._attempt(super().set, key, value, timeout, when_down=lambda: None)

    def set_many(self, data, timeout):
        self._attempt(super().set_many, data, timeout, when_down=lambda: None)

    def touch(self, key, timeout):
        return self._attempt(super().touch, key, timeout, when_down=lambda: False)

    def delete(self, key):
        return self._attempt(super().delete, key, when_down=lambda: False)

    def delete_many(self, keys):
        self._attempt(super().delete_many, keys, when_down=lambda: None)

    def delete_matching(self, pattern):
        """Delete the keys that match `pattern`, and no others."""

        def delete():
            client = self.get_client(write=True)
            keys = list(client.scan_iter(match=pattern, count=1000))
            if keys:
                client.delete(*keys)
            return True

        return self._attempt(delete, when_down=lambda: False)

    # Counters carry on in this process's memory. A missing key still raises ValueError, as Django's does.
    def add(self, key, value, timeout):
        return self._attempt(super().add, key, value, timeout, when_down=lambda: self.counters.add(key, value, timeout))

    def incr(self, key, delta):
        return self._attempt(super().incr, key, delta, when_down=lambda: self.counters.incr(key, delta))


class ResilientRedisCache(RedisCache):
    """CACHES' BACKEND with REDIS_URL: Django's RedisCache, with ResilientRedisCacheClient underneath."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient  # RedisCache's one way to choose its client; no public option.

    def answers(self):
        return self._cache.ping()

    def clear(self):
        """Only this site's own keys (its KEY_PREFIX): Django's clear() empties the whole Redis database, which
        other sites, hosts and test runs may be using too."""
        return self._cache.delete_matching(f"{self.key_prefix}:*")
