"""Translations: a sibling file per language that mirrors the content file's text.

`regenerative-therapies.es.yaml` holds only translated text, in the same shape as the source.
Items with an `id` (sections, therapies, contrasts) are matched by id; other lists (key points,
claims, table rows) by position. Anything not translated falls back to the source text, so a
half-done translation still builds and `brochure check` reports what is missing.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from builder import loader
from builder.errors import ContentError, Problem
from builder.loader import Source, YamlPath

HEADER = "translation"
"""Top-level key of a translation file: {language: es, source: regenerative-therapies.yaml}."""


def translation_path(content: Path, language: str) -> Path:
    """Where the translation of `content` into `language` lives."""
    content = Path(content)
    return content.with_name(f"{content.stem}.{language}{content.suffix}")


def available(content: Path) -> list[str]:
    """Languages of the translation files beside `content` (not the source language)."""
    content = Path(content)
    found = []
    for path in sorted(content.parent.glob(f"{content.stem}.*{content.suffix}")):
        language = path.name[len(content.stem) + 1 : -len(content.suffix)]
        if language and "." not in language:
            found.append(language)
    return found


def apply(source: Source, language: str) -> Source:
    """`source` with the translation into `language` laid over it."""
    source_language = str((source.data.get("document") or {}).get("language") or "en")
    if language == source_language:
        return source
    path = translation_path(source.path, language)
    if not path.exists():
        have = ", ".join([source_language, *available(source.path)])
        raise ContentError(f"{path}: no translation into '{language}' (available: {have})")
    overlay = loader.load(path)
    header = overlay.data.get(HEADER) or {}
    declared = header.get("language") if isinstance(header, dict) else None
    if declared != language:
        raise ContentError(overlay.problem((HEADER, "language"),
                                           f"expected 'language: {language}' in the translation "
                                           "header"))
    merged = Source(path=source.path, data=copy.deepcopy(source.data),
                    values=dict(source.values), keys=dict(source.keys),
                    ambiguous=list(source.ambiguous), origins=dict(source.origins))
    problems: list[Problem] = []
    body = {k: v for k, v in overlay.data.items() if k != HEADER}
    merged.data = _merge(merged.data, body, (), (), merged, overlay, problems)
    merged.data.setdefault("document", {})["language"] = language
    if problems:
        raise ContentError(problems)
    return merged


def _merge(base: Any, over: Any, path: YamlPath, over_path: YamlPath, merged: Source,
           overlay: Source, problems: list[Problem]) -> Any:
    """Lay `over` onto `base`, recording where each translated value came from."""
    if isinstance(base, dict) and isinstance(over, dict):
        for key, value in over.items():
            if key == "id":
                continue
            if key not in base:
                problems.append(overlay.problem((*over_path, key), f"'{key}' is not in the "
                                                "source file, so there is nothing to translate",
                                                key=True))
                continue
            base[key] = _merge(base[key], value, (*path, key), (*over_path, key), merged,
                               overlay, problems)
        return base
    if isinstance(base, list) and isinstance(over, list):
        by_id = all(isinstance(item, dict) and "id" in item for item in base)
        for index, item in enumerate(over):
            if by_id:
                if not isinstance(item, dict) or "id" not in item:
                    problems.append(overlay.problem((*over_path, index),
                                                    "translated items here are matched by id; "
                                                    "add the id"))
                    continue
                target = next((i for i, b in enumerate(base) if b.get("id") == item["id"]), None)
                if target is None:
                    problems.append(overlay.problem((*over_path, index, "id"),
                                                    f"no item with id '{item['id']}' in the "
                                                    "source"))
                    continue
            else:
                target = index
                if index >= len(base):
                    problems.append(overlay.problem((*over_path, index),
                                                    f"the source has only {len(base)} items here"))
                    break
            base[target] = _merge(base[target], item, (*path, target), (*over_path, index),
                                  merged, overlay, problems)
        return base
    if over is None:
        return base
    merged.values[path] = overlay.mark(over_path)
    merged.origins[path] = overlay.path
    return over
