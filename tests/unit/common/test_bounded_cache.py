"""BoundedCache: made once, kept while recently used, bounded."""

from __future__ import annotations

from heatlite.common.bounded_cache import BoundedCache


def test_values_are_made_once_and_the_least_recently_used_go_first():
    made: list[str] = []

    def maker(key):
        return lambda: made.append(key) or key.upper()

    cache: BoundedCache[str] = BoundedCache(2)
    assert cache.get_or_make("a", maker("a")) == "A"
    assert cache.get_or_make("b", maker("b")) == "B"
    assert cache.get_or_make("a", maker("a")) == "A"  # kept; now the most recent
    cache.get_or_make("c", maker("c"))                # evicts "b"
    cache.get_or_make("a", maker("a"))
    cache.get_or_make("b", maker("b"))
    assert made == ["a", "b", "c", "b"]
