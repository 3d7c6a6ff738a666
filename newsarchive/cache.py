"""Django's built-in Redis and file-based caches, each with one cost taken away.

Redis: Django's RedisCacheClient builds a new ``redis.Redis`` object for every cache call.
With redis-py 5 and later that object fills a table of some 170 response callbacks when it
is made, which costs more than the round trip to Redis itself: on a page served from the
page cache it was the largest single cost. A ``redis.Redis`` object is safe to share between
threads (each command takes a connection from the pool), so one per pool is kept instead.
Everything else, pools, serialisation and options, is Django's.
"""

import time

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


class RarelyCountedFileBasedCache(FileBasedCache):
    """Django's file-based cache, counting its files at most once a second per process.

    Django's lists the whole folder on every ``set()`` to decide whether to cull. The page
    cache keeps a version file per key a write touched (an article each), so after a bulk
    import the folder holds tens of thousands of files and every write listed them all: a
    seeding of 100,000 articles slowed from about 250 to 25 articles a second by its
    34,000th. Between counts the folder may pass ``MAX_ENTRIES`` by the writes of that
    second; the next count culls it as Django does. A culled version key reads as changed
    (pagecache/versions.py), so culling never serves a stale page.
    """

    COUNT_INTERVAL = 1.0

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._next_count = 0.0

    def _cull(self):
        now = time.time()
        if now < self._next_count:
            return
        self._next_count = now + self.COUNT_INTERVAL
        super()._cull()
