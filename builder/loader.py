"""Safe YAML loading that remembers where every value came from.

PyYAML's `safe_load` forgets positions, silently keeps the last of duplicate keys, expands
aliases without limit and turns `no`, `on` and `1.10` into booleans and numbers. This loader
composes the node tree itself so that:

* every value and key has a (line, column), for `path:line:col: message` errors;
* aliases, custom tags, duplicate keys, deep nesting and oversized files are refused;
* plain scalars stay text (only `null`/`~`/empty become None); the model decides types, and
  scalars a YAML 1.1 tool would have read as a boolean or number are recorded for `check`.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder.errors import ContentError, Problem
from builder.located import Mark, Source, YamlPath, format_path

MAX_BYTES = 2 * 1024 * 1024
"""Largest content file accepted; real handouts are a few dozen KB."""

MAX_DEPTH = 40
"""Deepest nesting accepted; the content model needs about six levels."""
MAX_WORD = 1000
"""Longest run of characters without a space: longer than any real word or web address, and
short enough that no page or slide lays out one word for minutes."""
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1}}}")

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")
}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
_PLAIN = (None, "")
"""How a plain (unquoted) scalar's style reads: None from PyYAML, '' from libyaml."""
_YAML11_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
                          r"|on|On|ON|off|Off|OFF)$")
# The decimal branch is written so that no digit can be matched two ways: the usual
# `([0-9][0-9_]*)?\.?[0-9_]*` backtracks quadratically on a long run of digits (a 20,000-digit
# scalar took 12 s). Same language: digits and underscores, or an optional digit-led part, a dot
# and more digits.
_YAML11_NUMBER = re.compile(r"^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|[0-9][0-9_]*(:[0-5]?[0-9])+"
                            r"|([0-9_]*|([0-9][0-9_]*)?\.[0-9_]*)([eE][-+]?[0-9]+)?"
                            r"|\.inf|\.Inf|\.nan)$")


class _Refused(Exception):
    def __init__(self, node_or_event: Any, message: str) -> None:
        self.mark = node_or_event.start_mark
        self.message = message


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (about 20x faster than the pure-Python one)."""


def _refuse_aliases_and_depth(text: str) -> None:
    """Scan the event stream before composing: aliases and deep nesting are refused here,
    so a billion-laughs file costs one linear pass and nothing is ever expanded."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, AliasEvent):
            raise _Refused(event, "aliases (*name) are not allowed in content files; "
                                  "write the value out in full")
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event, f"nesting deeper than {MAX_DEPTH} levels")
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def read_text(path: Path) -> str:
    """Read a content file as UTF-8 text, refusing special files, huge files and bad bytes."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ContentError(f"{path}: no such file") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ContentError(f"{path}: not a regular file")
    if info.st_size > MAX_BYTES:
        raise ContentError(Problem(path, 1, 1, f"file is {info.st_size:,} bytes; "
                                   f"the limit is {MAX_BYTES:,}"))
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ContentError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ContentError(Problem(path, line, column, f"byte 0x{raw[exc.start]:02x} is not "
                                   "valid UTF-8; save the file as UTF-8")) from None
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise ContentError(Problem(path, line, 1, "file contains a NUL byte; is it a text file?"))
    return text


def load(path: Path) -> Source:
    """Load `path` into a `Source`, or raise `ContentError` with a located message."""
    path = Path(path)
    text = read_text(path)
    if not text.strip():
        raise ContentError(Problem(path, 1, 1, "file is empty; expected the content mapping"))
    try:
        yaml.reader.Reader(text)  # checks every character for ones YAML forbids, with positions
    except yaml.reader.ReaderError as exc:
        raise ContentError(_unprintable(path, text, exc)) from None
    try:
        _refuse_aliases_and_depth(text)
        node = yaml.compose(text, Loader=_Loader)
    except _Refused as exc:
        raise ContentError(Problem(path, exc.mark.line + 1, exc.mark.column + 1,
                                   exc.message)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ContentError(Problem(path, line, column, _describe(exc, text))) from None
    except RecursionError:
        raise ContentError(Problem(path, 1, 1, "nesting is too deep")) from None
    if node is None:
        raise ContentError(Problem(path, 1, 1, "file has no content; expected a mapping"))
    source = Source(path=path, data={})
    data = _build(node, (), source)
    if not isinstance(data, dict):
        kind = ("a list" if isinstance(data, list) else "nothing (only comments or null)"
                if data is None else "a single value")
        raise ContentError(Problem(path, node.start_mark.line + 1, node.start_mark.column + 1,
                                   f"the file holds {kind}; expected a mapping of keys "
                                   "such as document:, sections:"))
    source.data = data
    return source


def _unprintable(path: Path, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML forbids (a control character, U+FFFE...), located in the file."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    return Problem(path, line, column, f"the character U+{exc.character:04X} is not allowed in "
                   "YAML; delete it (it often comes with text copied from another program)")


def _describe(exc: yaml.MarkedYAMLError, text: str = "") -> str:
    """PyYAML's message, made plainer for the common cases."""
    problem = exc.problem or "invalid YAML"
    mark = exc.problem_mark
    at_tab = bool(mark and 0 <= mark.index < len(text) and text[mark.index] == "\t")
    if "'\\t'" in problem or at_tab:
        return "a tab character; YAML indents with spaces only"
    context = f" ({exc.context})" if exc.context else ""
    return f"YAML syntax: {problem}{context}"


def _build(node: Node, path: YamlPath, source: Source) -> Any:
    """Turn a composed node into plain Python data, recording positions."""
    mark = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    source.values[path] = mark
    if node.tag not in _STANDARD_TAGS:
        raise ContentError(Problem(source.path, mark.line, mark.column,
                                   f"the tag {node.tag} is not allowed in content files"))
    if isinstance(node, ScalarNode):
        if node.style in _PLAIN and node.value in _NULL_WORDS:
            return None
        if node.style in _PLAIN and (_YAML11_BOOL.match(node.value)
                                   or (_YAML11_NUMBER.match(node.value) and node.value.strip(".")
                                       and any(c.isdigit() for c in node.value))):
            source.ambiguous.append((path, node.value))
        if _LONG_WORD.search(node.value):
            raise ContentError(Problem(
                source.path, mark.line, mark.column,
                f"a word of more than {MAX_WORD:,} characters with no space; no page or slide "
                "can show it: add spaces", format_path(path)))
        return node.value
    if isinstance(node, SequenceNode):
        return [_build(item, (*path, index), source) for index, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise ContentError(Problem(source.path, key_node.start_mark.line + 1,
                                           key_node.start_mark.column + 1,
                                           "keys must be plain words"))
            key = key_node.value
            key_mark = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = source.keys[(*path, key)]
                raise ContentError(Problem(source.path, key_mark.line, key_mark.column,
                                           f"duplicate key '{key}' (first at line {first.line}); "
                                           "YAML would keep only the last", format_path(path),
                                           rule="yaml-duplicate-key"))
            source.keys[(*path, key)] = key_mark
            result[key] = _build(value_node, (*path, key), source)
        return result
    raise ContentError(Problem(source.path, mark.line, mark.column, "unsupported YAML node"))
