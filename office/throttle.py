"""A small fixed-window counter in Django's cache, for anonymous endpoints that send mail."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def throttle_hit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one use of ``key`` in ``scope``; True when it is over ``limit`` in the window.

    The key is hashed: an email address typed into a public form is not kept in the cache.
    """
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
    cache_key = f"throttle:{scope}:{digest}"
    cache.add(cache_key, 0, window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window_seconds)
        count = 1
    return count > limit
