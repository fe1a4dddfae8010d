"""The loader keeps positions and refuses what YAML would silently get wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import loader, located
from builder.errors import ContentError


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "c.yaml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        loader.load(path)
    (line,) = caught.value.lines()
    return line


def test_positions_are_recorded_for_values_and_keys(tmp_path: Path) -> None:
    source = loader.load(write(tmp_path, "a:\n  b: [x, y]\n  c: text\n"))
    assert source.data == {"a": {"b": ["x", "y"], "c": "text"}}
    assert source.values[("a", "b", 1)] == located.Mark(2, 10)
    assert source.keys[("a", "c")] == located.Mark(3, 3)


def test_plain_scalars_stay_text_and_ambiguous_ones_are_noted(tmp_path: Path) -> None:
    source = loader.load(write(tmp_path, "version: 1.10\nanswer: no\nquoted: 'no'\nempty:\n"))
    assert source.data == {"version": "1.10", "answer": "no", "quoted": "no", "empty": None}
    assert [path for path, _ in source.ambiguous] == [("version",), ("answer",)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x 1\nb: *x\n", r":2:4: aliases \(\*name\) are not allowed"),
        ("a: !!python/object/apply:os.system [ls]\n",
         r":1:4: the tag .*python/object.* not allowed"),
        ("a: 1\nb: 2\na: 3\n", r":3:1: duplicate key 'a' \(first at line 1\)"),
        ("a:\n\tb: 1\n", r":2:1: a tab character; YAML indents with spaces only"),
        ("a: [1, 2\n", r":2:1: YAML syntax: "),
        ("- a\n- b\n", r":1:1: the file holds a list; expected a mapping"),
        ("", r":1:1: file is empty"),
        ("[" * 100 + "]" * 100, r":1:\d+: nesting deeper than 40 levels"),
    ],
)
def test_refusals_are_one_located_line(tmp_path: Path, text: str, expected: str) -> None:
    import re

    line = error_of(write(tmp_path, text))
    assert re.search(r"c\.yaml" + expected, line), line


def test_non_utf8_byte_is_located(tmp_path: Path) -> None:
    line = error_of(write(tmp_path, b"a: ok\nb: caf\xe9\n"))
    assert line.endswith("c.yaml:2:7: byte 0xe9 is not valid UTF-8; save the file as UTF-8")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert loader.load(write(tmp_path, "\ufeffa: 1\n".encode())).data == {"a": "1"}


def test_special_and_huge_files_are_refused_without_reading(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="not a regular file"):
        loader.load(Path("/dev/urandom"))
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(loader.MAX_BYTES + 1)
    assert "the limit is" in error_of(big)


def test_format_path() -> None:
    assert located.format_path(("sections", 3, "image", "alt")) == "sections[3].image.alt"
