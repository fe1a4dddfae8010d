"""Keeping translations in step with their source: a stable key per translated field, a short
hash of the source text each translation was made from (`source_hashes` in the translation's
header, written by `brochure translate stamp`), and the assessment `brochure check --lang` and
`brochure translate status` report: translated, missing, stale.
"""

from __future__ import annotations

import codecs
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
from builder.errors import ContentError
from builder.located import Source, YamlPath
from builder.model import Document
from builder.translate import (
    HASH_LENGTH,
    HEADER,
    HEADER_KEYS,
    TranslatedSource,
    apply,
    by_id,
)

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
            if isinstance(node, list) and by_id(node) and isinstance(item, dict):
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
    from builder.fields import walk
    from builder.model_base import Kind

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

