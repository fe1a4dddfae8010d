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
"""

from __future__ import annotations

import codecs
import copy
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder import loader
from builder.errors import ContentError, Problem
from builder.located import Source, YamlPath
from builder.model import Document

HEADER = "translation"
"""Top-level key of a translation file: {language: es, source: regenerative-therapies.yaml}."""

HEADER_KEYS = ("language", "source", "source_hashes")
"""What the header may hold, in the order `stamp` writes it."""

HASH_LENGTH = 8
"""Hex digits kept of each sha256: plenty to notice an edit, short enough to read."""

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
    overlay = loader.load(path)
    hashes = _read_header(overlay, language, source.path.name)
    merged = TranslatedSource(path=source.path, data=copy.deepcopy(source.data),
                              values=dict(source.values), keys=dict(source.keys),
                              ambiguous=list(source.ambiguous), origins=dict(source.origins),
                              language=language, source_language=own, original=source,
                              translation=overlay, hashes=hashes)
    problems: list[Problem] = []
    body = {k: v for k, v in overlay.data.items() if k != HEADER}
    merged.data = _merge(merged.data, body, (), (), merged, overlay, problems)
    merged.data.setdefault("document", {})["language"] = language
    if problems:
        raise ContentError(problems)
    return merged


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
        by_id = _by_id(base)
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


def _by_id(items: list[Any]) -> bool:
    """Lists whose items all carry an id are matched (and keyed) by id, others by position."""
    return bool(items) and all(isinstance(item, dict) and "id" in item for item in items)


# ----------------------------------------------------------------------------- field keys


def field_key(data: dict[str, Any], path: YamlPath) -> str:
    """The stable key of the value at `path`: ids where the source has them, else positions.

    `("therapies", 0, "claims", 1, "text")` -> `therapies.prp.claims[1].text`.
    """
    out = ""
    node: Any = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, list) and _by_id(node) and isinstance(item, dict):
                out += f".{item['id']}"
            else:
                out += f"[{part}]"
            node = item
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
    return out


def value_at(data: Any, path: YamlPath) -> Any:
    """The value at `path` in plain data, or None when the path does not exist."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or not 0 <= part < len(data):
                return None
        elif not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def text_hash(text: str) -> str:
    """Short hash of a source text; re-wrapping lines (whitespace only) does not change it."""
    folded = " ".join(str(text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def expected_fields(document: Document, source: Source) -> list[YamlPath]:
    """Source text fields a reader or listener meets, which every translation should cover.

    Every translatable element of the model (names, numbers and the list of sources stay as
    they are), limited to values actually written in the content file (a default title is
    already in the right language) and holding at least one letter.
    """
    from builder.elements import walk
    from builder.fields import Kind

    original = source.original if isinstance(source, TranslatedSource) else source
    assert original is not None
    paths = [e.path for e in walk(document) if e.translate and e.kind != Kind.CITES]
    found = []
    for path in paths:
        text = value_at(original.data, path)
        if isinstance(text, str) and any(c.isalpha() for c in text):
            found.append(path)
    return sorted(dict.fromkeys(found), key=lambda p: _position(original, p))


def _position(source: Source, path: YamlPath) -> tuple[int, int]:
    mark = source.mark(path)
    return mark.line, mark.column


def translated_fields(merged: TranslatedSource) -> list[YamlPath]:
    """Source paths of the text values the translation file provides, in source order."""
    assert merged.original is not None
    paths = [p for p, origin in merged.origins.items()
             if origin == merged.translation_file
             and isinstance(value_at(merged.original.data, p), str)]
    return sorted(paths, key=lambda p: _position(merged.original, p))  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- assessment


@dataclass(frozen=True)
class FieldState:
    """One source text field and where its translation stands."""

    path: YamlPath
    """Path in the source (positions), as rules and located messages use it."""
    key: str
    """Stable key (ids), as `source_hashes` uses it."""
    source_text: str


@dataclass
class Assessment:
    """How far one translation is in step with its source."""

    language: str
    file: Path
    translated: list[FieldState] = field(default_factory=list)
    missing: list[FieldState] = field(default_factory=list)
    stale: list[FieldState] = field(default_factory=list)
    """Translated, stamped, and the source changed since."""
    unstamped: list[FieldState] = field(default_factory=list)
    """Translated but with no stamp, so nobody can tell whether it is current."""
    stamped: bool = False
    """The header has `source_hashes` at all."""


def assess(document: Document, merged: TranslatedSource) -> Assessment:
    """Compare a translation with its source: what is translated, missing, stale, unstamped."""
    original = merged.original
    assert original is not None
    result = Assessment(merged.language, merged.translation_file,
                        stamped=merged.hashes is not None)
    hashes = merged.hashes or {}

    def state(path: YamlPath) -> FieldState:
        return FieldState(path, field_key(original.data, path),
                          str(value_at(original.data, path)))

    done = set()
    for path in translated_fields(merged):
        item = state(path)
        done.add(path)
        result.translated.append(item)
        if item.key not in hashes:
            if merged.hashes is not None:
                result.unstamped.append(item)
        elif hashes[item.key] != text_hash(item.source_text):
            result.stale.append(item)
    result.missing = [state(p) for p in expected_fields(document, merged) if p not in done]
    return result


def assess_file(content: Path, language: str) -> Assessment:
    """Load `content` and its translation into `language`, validate, and assess it."""
    from builder.validate import validate

    merged = apply(loader.load(content), language)
    if not isinstance(merged, TranslatedSource):
        raise ContentError(f"{content}: '{language}' is the language the file is written in; "
                           "name a translation")
    return assess(validate(merged), merged)


def first_words(text: str, count: int = 8) -> str:
    """The opening words of a text, quoted, for messages ("“Plasma is the liquid…”")."""
    words = str(text).split()
    head = " ".join(words[:count])
    return f"“{head}…”" if len(words) > count else f"“{head}”"


# ----------------------------------------------------------------------------- stamping


@dataclass
class StampResult:
    """What `stamp` wrote."""

    file: Path
    stamped: int
    """Fields stamped."""
    refreshed: list[str] = field(default_factory=list)
    """Keys that were stale or unstamped and are now marked current."""
    dropped: list[str] = field(default_factory=list)
    """Stamps for fields the translation no longer holds."""
    changed: bool = True
    """False when the file already held exactly these stamps."""


def stamp(content: Path, language: str) -> StampResult:
    """Record the hash of the source text behind every translated field in the header.

    Only the header block is rewritten, as text: comments, layout and everything else in the
    file stay byte-for-byte as they were. Stamping says "these translations match the source as
    it is now", so run it after updating the stale ones; the result lists what it marked current.
    """
    from builder.validate import validate

    merged = apply(loader.load(content), language)
    if not isinstance(merged, TranslatedSource):
        raise ContentError(f"{content}: '{language}' is the language the file is written in; "
                           "name a translation")
    report = assess(validate(merged), merged)
    hashes = {item.key: text_hash(item.source_text) for item in report.translated}
    path = merged.translation_file
    raw = path.read_bytes()
    bom = raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    header = merged.translation.data[HEADER] if merged.translation else {}
    new_text = rewrite_header(text, {**header, "source_hashes": hashes})
    result = StampResult(path, len(hashes),
                         refreshed=[i.key for i in (*report.stale, *report.unstamped)],
                         dropped=sorted(set(merged.hashes or {}) - set(hashes)),
                         changed=new_text != text)
    if result.changed:
        _replace_text(path, (codecs.BOM_UTF8 if bom else b"") + new_text.encode("utf-8"))
    return result


def _replace_text(path: Path, data: bytes) -> None:
    """Write atomically, keeping the file's permissions."""
    from builder.writer import write_atomic

    mode = os.stat(path).st_mode & 0o777
    write_atomic(path, data)
    os.chmod(path, mode)


def rewrite_header(text: str, header: dict[str, Any]) -> str:
    """`text` with its top-level `translation:` entry replaced by `header` in block style.

    The entry is found by composing the YAML (positions only); the text before it and after its
    last value is kept exactly, so comments and the layout of the translation survive.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, MappingNode):
        raise ContentError("a translation file is a mapping with a 'translation:' header")
    for key_node, value_node in root.value:
        if isinstance(key_node, ScalarNode) and key_node.value == HEADER:
            start = key_node.start_mark.index
            end = _last_index(value_node)
            break
    else:
        raise ContentError("the translation file has no 'translation:' header")
    newline = "\r\n" if "\r\n" in text else "\n"
    return text[:start] + newline.join(header_lines(header)) + text[end:]


def _last_index(node: Node) -> int:
    """Where the last character of a node's own text is (not the comments after it)."""
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return node.end_mark.index
    children: list[Node] = []
    if isinstance(node, MappingNode):
        for key, value in node.value:
            children += [key, value]
    elif isinstance(node, SequenceNode):
        children = list(node.value)
    return max((_last_index(child) for child in children), default=node.start_mark.index)


def header_lines(header: dict[str, Any]) -> list[str]:
    """The header in block style: language, source, then one stamp per line."""
    lines = [f"{HEADER}:"]
    for key in HEADER_KEYS:
        value = header.get(key)
        if key == "source_hashes":
            hashes = value or {}
            lines.append("  source_hashes:  # written by `brochure translate stamp`; "
                         "do not edit by hand")
            lines += [f"    {_scalar(k)}: {json.dumps(v)}" for k, v in hashes.items()]
        elif value is not None:
            lines.append(f"  {key}: {_scalar(str(value))}")
    return lines


_PLAIN = re.compile(r"[A-Za-z_][\w.\[\]/-]*")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(value: str) -> str:
    """A YAML scalar for `value`: plain when no YAML reader could mistake it, else quoted."""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML11_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)

