"""Hyphenation exceptions: words a pattern dictionary splits badly, broken only where a person
marked them.

WeasyPrint hyphenates with Pyphen's pattern dictionaries, which split some medical words in odd
places ('ex-o-somes', 'mes-enchy-mal') and know nothing of drug names or acronyms. Each language
lists its exceptions (`builder.languages`, `hyphenation`) and a content file may add its own
(`document.hyphenation`, by language): 'exo-somes' may break only after 'exo', 'PRP' never.
Matching ignores case. The hyphenate-limit-chars of the template still apply to marked breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

from builder.languages import facts
from builder.model_base import WORD_PATTERN

_ACTIVE: ContextVar[Mapping[str, tuple[int, ...]]] = ContextVar(
    "hyphenation_exceptions", default=MappingProxyType({}))
"""The exceptions of the layout running in this thread (none outside a layout)."""


def applies_to(key: str, language: str) -> bool:
    """A content file's list for `key` is used for `language`: the same code, or a region of
    it (`es` for `es-MX`, but `es-MX` not for `es`)."""
    key, language = key.lower().replace("_", "-"), language.lower().replace("_", "-")
    return language == key or language.startswith(key + "-")


def exceptions_for(language: str, own: dict[str, list[str]]) -> tuple[str, ...]:
    """The language's built-in exceptions, then the content's own for it (a later entry for
    the same word wins)."""
    given = [word for key, words in own.items() if applies_to(key, language) for word in words]
    return (*facts(language).hyphenation, *given)


def break_points(entries: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """{'exosomes': (3,), 'prp': ()} from ('exo-somes', 'PRP')."""
    points: dict[str, tuple[int, ...]] = {}
    for entry in entries:
        if not re.fullmatch(WORD_PATTERN, entry):
            continue
        pieces = entry.split("-")
        offsets = [len("".join(pieces[:i])) for i in range(1, len(pieces))]
        points["".join(pieces).lower()] = tuple(offsets)
    return points


def css_note(entries: tuple[str, ...]) -> str:
    """A CSS comment naming the exceptions, so the stylesheet (and so the handout's
    fingerprint and the remembered layout choices) changes when they do."""
    words = [entry for entry in entries if re.fullmatch(WORD_PATTERN, entry)]  # never a */
    return f"/* hyphenation exceptions: {' '.join(words)} */\n" if words else ""


class _WithExceptions:
    """A Pyphen dictionary that answers for the listed words from the active exceptions."""

    def __init__(self, patterns: Any) -> None:
        self.patterns = patterns

    def positions(self, word: str) -> list[Any]:
        marked = _ACTIVE.get().get(word.lower())
        if marked is None:
            return list(self.patterns.positions(word))
        import pyphen

        return [pyphen.DataInt(i) for i in marked]


def install(dictionary_language: str, load: Any = None) -> None:
    """Wrap the dictionary Pyphen uses for `dictionary_language` (e.g. 'en_US'), once per
    process; `load(path)` gives the parsed patterns (else Pyphen parses them)."""
    import pyphen

    fallback = pyphen.language_fallback(dictionary_language)
    if not fallback:
        return
    path = pyphen.LANGUAGES[fallback]
    current = pyphen.hdcache.get(path)
    if isinstance(current, _WithExceptions):
        return
    if current is None:
        current = load(path) if load else pyphen.HyphDict(path)
    pyphen.hdcache[path] = _WithExceptions(current)


@contextmanager
def applied(entries: tuple[str, ...]) -> Iterator[None]:
    """The exceptions in force for a layout run in this thread."""
    token = _ACTIVE.set(break_points(entries))
    try:
        yield
    finally:
        _ACTIVE.reset(token)
