"""Django's Redis cache backend, keeping one redis client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call, and each one fills
a table of about 200 response callbacks: a checkout makes six cache calls (sessions, page
cache), and building their clients cost almost as much CPU as the calls (profiled). A client
only wraps its pool, so one per pool serves every call (Django keeps a cache backend per
thread, so no thread shares it).
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            # Not _get_connection_pool(write): it would pick a read replica again.
            client = self._client(connection_pool=self._pool_at(index))
            self._clients[index] = client
        return client

    def _pool_at(self, index):
        if index not in self._pools:
            self._pools[index] = self._pool_class.from_url(
                self._servers[index], **self._pool_options
            )
        return self._pools[index]


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
