"""Django's built-in Redis cache, with one redis-py client per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` object for every cache call. With
redis-py 5 and later that object fills a table of some 170 response callbacks when it is
made, which costs more than the round trip to Redis itself: on a page served from the page
cache it was the largest single cost. A ``redis.Redis`` object is safe to share between
threads (each command takes a connection from the pool), so one per pool is kept instead.
Everything else, pools, serialisation and options, is Django's.
"""

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
