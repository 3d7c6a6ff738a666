"""CACHE_URL / REDIS_URL choose the cache: files on this machine by default, Redis when
asked."""

import functools
import os
import tempfile
import unittest
import uuid
from unittest import mock

import time_machine
from django.core.cache import caches
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from newsarchive.cache import RarelyCountedFileBasedCache
from newsarchive.envparse import parse_cache_url

from .test_settings import run_manage

PRINT_CACHE = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"

# Tests that need Redis use this server; they skip when it does not answer.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


NO_REDIS = f"no Redis server answers at {TEST_REDIS_URL} (set TEST_REDIS_URL)"


@functools.cache
def redis_answers(url=TEST_REDIS_URL):
    """Asked once per run, when the test modules are read."""
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def redis_cache_settings(url=TEST_REDIS_URL):
    """A Redis cache whose keys no other test run shares, whatever else uses the server."""
    return {
        "default": {
            "BACKEND": "newsarchive.cache.ReusedClientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "TIMEOUT": 60,
        }
    }


class CacheUrlTests(SimpleTestCase):
    def test_redis_urls(self):
        """redis://, rediss:// and unix:// URLs give Django's built-in Redis cache (client kept)."""
        for url in ("redis://cache:6379/1", "rediss://user:pw@cache:6380/0", "unix:///run/r.sock"):
            with self.subTest(url=url):
                config = parse_cache_url(url)
                self.assertEqual(config["BACKEND"], "newsarchive.cache.ReusedClientRedisCache")
                self.assertEqual(config["LOCATION"], url)

    def test_local_memory_and_dummy(self):
        """locmem:// is per-process memory; dummy:// caches nothing."""
        self.assertEqual(
            parse_cache_url("locmem://")["BACKEND"],
            "django.core.cache.backends.locmem.LocMemCache",
        )
        self.assertEqual(
            parse_cache_url("dummy://")["BACKEND"], "django.core.cache.backends.dummy.DummyCache"
        )

    def test_unknown_scheme_is_refused_clearly(self):
        """A typo in CACHE_URL stops the server with a message naming the variable."""
        result = run_manage("check", env={"DEBUG": "1", "CACHE_URL": "memcache://x"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("CACHE_URL must start with redis://", result.stderr)

    def test_environment_selects_the_cache(self):
        """Files shared by the machine's processes by default; REDIS_URL selects Redis;
        CACHE_URL wins over REDIS_URL."""
        cases = [
            ({}, "FileBasedCache"),
            ({"REDIS_URL": "redis://127.0.0.1:6379/3"}, "RedisCache"),
            ({"REDIS_URL": "redis://127.0.0.1:6379/3", "CACHE_URL": "locmem://"}, "LocMemCache"),
        ]
        for env, backend in cases:
            with self.subTest(env=env):
                clean = {"CACHE_URL": "", "REDIS_URL": "", "DEBUG": "1"} | env
                result = run_manage("shell", "-c", PRINT_CACHE, env=clean)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertTrue(result.stdout.strip().endswith(backend), result.stdout)


class FileCacheTests(SimpleTestCase):
    def test_the_files_are_counted_once_a_second_and_culled_past_the_limit(self):
        """A write does not list the whole folder (slow with tens of thousands of files);
        a write a second later culls a third of the files, as Django's cache does."""
        with tempfile.TemporaryDirectory() as folder, time_machine.travel(0, tick=False) as clock:
            files = RarelyCountedFileBasedCache(folder, {"OPTIONS": {"MAX_ENTRIES": 10}})
            for number in range(30):
                files.set(f"key-{number}", number)
            self.assertEqual(len(os.listdir(folder)), 30)
            clock.shift(1.5)
            files.set("later", "kept")
            self.assertEqual(len(os.listdir(folder)), 21)
            self.assertEqual(files.get("later"), "kept")


@unittest.skipUnless(redis_answers(), NO_REDIS)
class RedisCacheTests(TestCase):
    def test_values_are_shared_through_redis(self):
        """Two cache connections (two app servers, say) see each other's values."""
        with override_settings(CACHES=redis_cache_settings()):
            caches["default"].set("shared", {"n": 1})
            other = caches.create_connection("default")
            self.assertEqual(other.get("shared"), {"n": 1})
            other.add("counter", 0)
            other.incr("counter")
            self.assertEqual(caches["default"].incr("counter"), 2)

    def test_one_client_serves_every_call(self):
        """The redis-py client is made once per connection pool, not once per cache call."""
        import redis

        with (
            override_settings(CACHES=redis_cache_settings()),
            mock.patch("redis.Redis", wraps=redis.Redis) as made,
        ):
            backend = caches["default"]
            backend.set("a", 1)
            self.assertEqual(backend.get("a"), 1)
            backend.add("n", 0)
            self.assertEqual(backend.incr("n"), 1)
            self.assertEqual(backend.get_many(["a", "n"]), {"a": 1, "n": 1})
        self.assertEqual(made.call_count, 1)

    def test_health_check_uses_redis(self):
        """/healthz reports the Redis cache healthy."""
        with override_settings(CACHES=redis_cache_settings()):
            response = self.client.get(reverse("healthz"))
        self.assertEqual(response.json()["cache"], "ok")
