"""Cutting a sequence of heights into the fewest pages, as evenly as they go.

Both a long bullet list and a long table are split over "(cont.)" slides: the fewest pages the
box allows, and then the tallest page as short as it can be (6+6 reads better than 10+2). The
work is linear in the number of items (a fixed number of greedy passes while searching for the
smallest page height), never quadratic: a list of 1,600 key points or a table of 500 rows is a
legal content file, and a cubic partition of it did not finish in ten minutes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

_SEARCH_STEPS = 60
"""Halvings of the page-height interval: far below a hair's breadth for any slide."""


def even_pages(weights: Sequence[float], base: float, limit: float) -> list[tuple[int, int]]:
    """`(start, end)` index ranges, one per page, for items of heights `weights`.

    A page of items `a..b` is `base + sum(weights[a:b])` tall and may be at most `limit`; an
    item taller than that on its own gets a page to itself. The pages are as few as greedy
    filling gives (which is the fewest possible), and among those the tallest is minimised,
    then each cut lands as near an equal share of what is left as the minimum allows.
    """
    count = len(weights)
    if count == 0:
        return []
    prefix = [0.0]
    for weight in weights:
        prefix.append(prefix[-1] + weight)
    pages = _greedy_count(prefix, base, limit)
    low, high = 0.0, float(limit)
    if pages > 1:
        for _ in range(_SEARCH_STEPS):  # the smallest page height that still needs `pages`
            middle = (low + high) / 2
            if _greedy_count(prefix, base, middle) <= pages:
                high = middle
            else:
                low = middle
            if high - low <= 1e-9 * max(1.0, abs(high)):
                break
    return _even_cuts(prefix, base, high, pages)


def _page(prefix: list[float], base: float, start: int, end: int) -> float:
    return base + prefix[end] - prefix[start]


def _greedy_count(prefix: list[float], base: float, cap: float) -> int:
    """Pages used by filling each page as far as `cap` allows (an item alone always fits)."""
    pages, start = 1, 0
    for end in range(2, len(prefix)):
        if _page(prefix, base, start, end) > cap:
            pages, start = pages + 1, end - 1
    return pages


def _reach(prefix: list[float], base: float, cap: float) -> list[int]:
    """For each start, the furthest end whose page is within `cap` (at least one item)."""
    count = len(prefix) - 1
    reach = [0] * count
    end = 1
    for start in range(count):
        end = max(end, start + 1)
        while end < count and _page(prefix, base, start, end + 1) <= cap:
            end += 1
        reach[start] = end
    return reach


def _even_cuts(prefix: list[float], base: float, cap: float,
               pages: int) -> list[tuple[int, int]]:
    """`pages` pages within `cap`, each cut nearest an equal share of the rest."""
    count = len(prefix) - 1
    reach = _reach(prefix, base, cap)
    needed = [0] * (count + 1)  # pages the items from i onwards need at `cap`
    for start in range(count - 1, -1, -1):
        needed[start] = 1 + needed[reach[start]]
    cuts: list[tuple[int, int]] = []
    start = 0
    for page in range(pages):
        left = pages - page - 1  # pages after this one
        if left == 0 or start >= count:
            cuts.append((start, count))
            break
        furthest = reach[start]
        earliest = _first_at_most(needed, start + 1, furthest, left)
        share = prefix[start] + (prefix[count] - prefix[start]) / (left + 1)
        end = min(max(bisect_left(prefix, share, earliest, furthest + 1), earliest), furthest)
        if end > earliest and share - prefix[end - 1] <= prefix[end] - share:
            end -= 1
        cuts.append((start, end))
        start = end
    return [(a, b) for a, b in cuts if b > a]


def _first_at_most(needed: list[int], low: int, high: int, pages: int) -> int:
    """The first index in `low..high` whose rest needs at most `pages` (`needed` only falls)."""
    while low < high:
        middle = (low + high) // 2
        if needed[middle] <= pages:
            high = middle
        else:
            low = middle + 1
    return low
