"""Translations: a sibling file per language that mirrors the content file's text.

`regenerative-therapies.es.yaml` holds only translated text, in the same shape as the source.
Items with an `id` (sections, therapies, contrasts) are matched by id; other lists (key points,
claims, table rows) by position. Anything not translated falls back to the source text, so a
half-done translation still builds and `brochure check` reports what is missing.

Keeping translations in step: the header may carry `source_hashes`, a map from a stable key of
each translated field (`sections.prp.body`, `therapies.prp.claims[0].text`) to a short hash of
the source text the translation was made from. `brochure translate stamp` writes them;
`brochure check` compares them with the source as it is now, so a translation left behind after
the source changed is reported (`translation-stale`), and so is source text with no
translation at all (`translation-missing`). Keys use ids rather than positions where the
source has ids, so moving a section does not make its translation look stale.

Placement is not text: a translation may give its own `trifold:` block, which replaces the
source's whole (a longer language may need its sections on other panels). Its lists may be of
any length, so they are not laid over the source's item by item.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder import loader
from builder.errors import ContentError, Problem
from builder.located import Source, YamlPath

HEADER = "translation"
"""Top-level key of a translation file: {language: es, source: regenerative-therapies.yaml}."""

HEADER_KEYS = ("language", "source", "source_hashes")
"""What the header may hold, in the order `stamp` writes it."""

HASH_LENGTH = 8
"""Hex digits kept of each sha256: plenty to notice an edit, short enough to read."""

REPLACED = ("trifold",)
"""Top-level keys a translation replaces whole instead of translating piece by piece."""

LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
"""A language code as a translation's file name may carry it (es, pt-BR, zh-Hant)."""


@dataclass
class TranslatedSource(Source):
    """A source with a translation laid over it, remembering both files.

    Every rule and renderer treats it as a plain `Source`; the translation rules also read the
    untouched source text and the header's stamps from it.
    """

    language: str = ""
    """The translation's language (the merged document's language)."""
    source_language: str = "en"
    """The language the content file is written in."""
    original: Source | None = None
    """The content file as loaded, before the translation was laid over it."""
    translation: Source | None = None
    """The translation file as loaded (header included)."""
    hashes: dict[str, str] | None = None
    """`source_hashes` from the header: stable key -> hash; None when the header has none."""

    @property
    def translation_file(self) -> Path:
        """The translation file's path."""
        assert self.translation is not None
        return self.translation.path


def translation_path(content: Path, language: str) -> Path:
    """Where the translation of `content` into `language` lives."""
    content = Path(content)
    return content.with_name(f"{content.stem}.{language}{content.suffix}")


def translation_of(path: Path) -> tuple[Path, str] | None:
    """`knee.es.yaml` beside a `knee.yaml` -> (knee.yaml, 'es'); None for any other file
    (`knee.final.yaml` is not a translation: a language's own subtag has 2 or 3 letters)."""
    path = Path(path)
    stem, dot, language = path.stem.rpartition(".")
    if not (dot and stem and LANGUAGE_CODE.fullmatch(language)
            and 2 <= len(language.split("-")[0]) <= 3):
        return None
    source = path.with_name(stem + path.suffix)
    return (source, language) if source.is_file() else None


def available(content: Path) -> list[str]:
    """Languages of the translation files beside `content` (not the source language)."""
    content = Path(content)
    found = []
    for path in sorted(content.parent.glob(f"{content.stem}.*{content.suffix}")):
        language = path.name[len(content.stem) + 1 : -len(content.suffix)]
        if language and "." not in language:
            found.append(language)
    return found


def source_language(source: Source) -> str:
    """The language the content file declares (English when it says nothing)."""
    if isinstance(source, TranslatedSource):
        return source.source_language
    return str((source.data.get("document") or {}).get("language") or "en")


def apply(source: Source, language: str) -> Source:
    """`source` with the translation into `language` laid over it."""
    own = source_language(source)
    if language.casefold() == own.casefold():  # language codes are case-insensitive
        return source
    if not LANGUAGE_CODE.fullmatch(language):  # it becomes part of a file name
        raise ContentError(f"{source.path}: '{language}' is not a language code; write one such "
                           "as es or pt-BR")
    spelt = [code for code in available(source.path) if code.casefold() == language.casefold()]
    path = translation_path(source.path, spelt[0] if spelt else language)
    if not path.exists():
        have = ", ".join([own, *available(source.path)])
        raise ContentError(f"{path}: no translation into '{language}' (available: {have})")
    _refuse_outside(path, source.path)
    overlay = loader.load(path)
    hashes = _read_header(overlay, language, source.path.name)
    merged = TranslatedSource(path=source.path, data=copy.deepcopy(source.data),
                              values=dict(source.values), keys=dict(source.keys),
                              ambiguous=list(source.ambiguous), origins=dict(source.origins),
                              language=language, source_language=own, original=source,
                              translation=overlay, hashes=hashes)
    problems: list[Problem] = []
    body = {k: v for k, v in overlay.data.items() if k != HEADER}
    for key in REPLACED:
        if body.get(key) is not None:
            _replace(merged, overlay, key, body.pop(key))
    merged.data = _merge(merged.data, body, (), (), merged, overlay, problems)
    merged.data.setdefault("document", {})["language"] = language
    if problems:
        raise ContentError(problems)
    _images_in_language(merged, language)
    return merged


def _replace(merged: TranslatedSource, overlay: Source, key: str, value: Any) -> None:
    """The translation's own `key` block in place of the source's, located in the
    translation file."""
    merged.data[key] = copy.deepcopy(value)
    for table, own in ((merged.values, overlay.values), (merged.keys, overlay.keys)):
        for path in [p for p in table if p[:1] == (key,)]:
            del table[path]
        table.update({path: mark for path, mark in own.items() if path[:1] == (key,)})
    merged.origins[(key,)] = overlay.path


def _refuse_outside(path: Path, content: Path) -> None:
    """A translation is read only when it is a file in the content's own folder once symlinks
    are followed (a received folder's `knee.es.yaml` could link to any file on the disk)."""
    folders = {Path(content).absolute().parent.resolve(), Path(content).resolve().parent}
    if path.resolve().parent not in folders:
        raise ContentError(f"{path}: the translation is a link to a file outside the content "
                           "folder; copy the file here instead")


def localised_image(src: str, language: str) -> str:
    """`images/x.es.svg` for `images/x.svg` in Spanish: where a translated picture is looked
    for by name."""
    stem, dot, suffix = src.rpartition(".")
    return f"{stem}.{language}.{suffix}" if dot and "/" not in suffix else src


def _images_in_language(merged: TranslatedSource, language: str) -> None:
    """Each section image the translation does not set itself is replaced by its version in
    `language` when one lies beside it (`images/x.es.svg`)."""
    folder = merged.path.resolve().parent
    for index, section in enumerate(merged.data.get("sections") or []):
        image = section.get("image") if isinstance(section, dict) else None
        path = ("sections", index, "image", "src")
        if not isinstance(image, dict) or not isinstance(image.get("src"), str) or \
                path in merged.origins:
            continue
        candidate = localised_image(image["src"], language)
        if candidate != image["src"] and (folder / candidate).is_file():
            image["src"] = candidate


def _read_header(overlay: Source, language: str, source_name: str) -> dict[str, str] | None:
    """Check the translation header; return its `source_hashes` (None when absent)."""
    header = overlay.data.get(HEADER)
    if not isinstance(header, dict):
        raise ContentError(overlay.problem((HEADER,) if HEADER in overlay.data else (),
                                           f"a translation starts with a header: 'translation: "
                                           f"{{language: {language}, source: {source_name}}}'"))
    problems = [overlay.problem((HEADER, key), f"unknown key '{key}' in the translation header; "
                                f"expected one of: {', '.join(HEADER_KEYS)}", key=True)
                for key in header if key not in HEADER_KEYS]
    if header.get("language") != language:
        problems.append(overlay.problem((HEADER, "language"), f"expected 'language: {language}' "
                                        "in the translation header"))
    hashes = header.get("source_hashes")
    if hashes is not None and not (isinstance(hashes, dict) and all(
            isinstance(v, str) and re.fullmatch(r"[0-9a-f]{4,64}", v) for v in hashes.values())):
        problems.append(overlay.problem((HEADER, "source_hashes"),
                                        "source_hashes maps field keys to hex hashes; let "
                                        f"`brochure translate stamp --lang {language}` write it"))
    if problems:
        raise ContentError(problems)
    return dict(hashes) if hashes is not None else None


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
        matched_by_id = by_id(base)
        for index, item in enumerate(over):
            if matched_by_id:
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


def by_id(items: list[Any]) -> bool:
    """Lists whose items all carry an id are matched (and keyed) by id, others by position."""
    return bool(items) and all(isinstance(item, dict) and "id" in item for item in items)
