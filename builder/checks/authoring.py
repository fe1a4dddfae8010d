"""Starter guidance left in a content file.

`brochure new` writes a starter whose every field holds guidance in double brackets
(`"[[Say in one sentence what the treatment is.]]"`). Until each is replaced the handout would
print it, so `check` lists them, one problem per field, at the guidance's own position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from builder.checks.registry import Context, rule
from builder.errors import Problem
from builder.located import YamlPath

GUIDANCE = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)
"""How starters mark text to replace: `[[...]]`, which no content otherwise needs."""


def guidance_in(data: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every text value holding starter guidance, with its path and its first guidance text."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from guidance_in(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from guidance_in(value, (*path, index))
    elif isinstance(data, str):
        found = GUIDANCE.search(data)
        if found:
            yield path, found.group(0)


@rule("placeholder-text", "warning",
      "guidance from the starter ([[...]]) that has not been replaced yet")
def placeholder_text(ctx: Context) -> Iterator[Problem]:
    for path, guidance in guidance_in(ctx.source.data):
        shown = " ".join(guidance.split())
        shown = shown if len(shown) <= 70 else shown[:67] + "...]]"
        yield ctx.problem("placeholder-text", path,
                          f"guidance from the starter, to replace with your own text: {shown}",
                          needle="[[")
