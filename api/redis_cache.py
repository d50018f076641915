"""Django's Redis cache, made safe to lose: every cache this project keeps can be rebuilt from
the database, so a Redis that is down, slow past its timeout or resetting connections is a miss
(or a write not kept), never a failed request. The failure is logged once a minute per process
with how many operations it touched (``api.throttling.failures``)."""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from api.throttling import failures

# What each operation answers when Redis cannot: a miss, or a write that was not kept.
_SOFT = {
    "add": False,
    "get": None,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "clear": False,
}


def _soft(name: str):
    method = getattr(RedisCacheClient, name)

    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except self._lib.RedisError as error:
            failures.record(error, f"missed the cache ({name})")
            if name == "get":
                return args[1] if len(args) > 1 else kwargs.get("default")
            return _SOFT[name]

    guarded.__name__ = name
    return guarded


class ResilientRedisCacheClient(RedisCacheClient):
    locals().update({name: _soft(name) for name in _SOFT})


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
