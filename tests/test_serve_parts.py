"""The parts of `brochure serve` that need no browser: editor links and commands, the address
checks, and the command line's refusals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.errors import Problem
from builder.serve import _is_loopback
from builder.serve.editor import COMMAND_EDITORS, URL_EDITORS, Editor, editor_named

PROBLEM = Problem(Path("/clinic/my knee.yaml"), 12, 5, "unknown key", "document.titel")


def test_url_editors_link_to_the_file_line_and_column() -> None:
    assert editor_named("code").link(PROBLEM) == "vscode://file//clinic/my%20knee.yaml:12:5"
    assert editor_named("subl").link(PROBLEM) == (
        "subl://open?url=file:///clinic/my%20knee.yaml&line=12&column=5")
    for name in URL_EDITORS:
        link = editor_named(name).link(PROBLEM)
        assert "12" in link and "my%20knee.yaml" in link and " " not in link


def test_command_editors_are_run_by_the_server_without_a_shell(tmp_path: Path) -> None:
    for name in COMMAND_EDITORS:
        assert editor_named(name).link(PROBLEM) == "open:"
    record = tmp_path / "opened.txt"
    script = "import sys; open(sys.argv[1], 'w').write(' '.join(sys.argv[2:]))"
    editor = Editor(f"{sys.executable} -c \"{script}\" {record} {{file}} +{{line}}:{{column}}")
    content = tmp_path / "a;rm -rf x.yaml"  # a name a shell would misread
    editor.run(Problem(content, 3, 7, "m"))
    for _ in range(100):
        if record.exists() and record.read_text():
            break
        time.sleep(0.1)
    assert record.read_text() == f"{content} +3:7"


def test_unknown_editor_is_refused_with_the_known_names() -> None:
    with pytest.raises(ValueError, match="unknown editor 'notepad'.*code"):
        editor_named("notepad")
    assert editor_named(None) is None
    assert editor_named("myedit --goto {file}:{line}").template == "myedit --goto {file}:{line}"


def test_only_loopback_addresses_count_as_private() -> None:
    assert all(map(_is_loopback, ["127.0.0.1", "127.0.0.2", "::1", "localhost"]))
    assert not any(map(_is_loopback, ["0.0.0.0", "::", "192.168.1.5", "example.org"]))


def test_serve_refuses_a_missing_file_and_an_unknown_editor(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "no such content file" in result.stderr
    content = tmp_path / "c.yaml"
    content.write_text("document: {}\n")
    result = CliRunner().invoke(main, ["serve", str(content), "--editor", "notepad"])
    assert result.exit_code == 2 and "unknown editor 'notepad'" in result.stderr


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_stopping_serve_leaves_no_temporary_folder(minimal_copy: Path, tmp_path: Path,
                                                   stop_signal: int) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "builder", "serve", str(minimal_copy), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "TMPDIR": str(temporary), "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    for line in process.stdout:
        if "first build" in line:
            break
    assert [p.name[:15] for p in temporary.iterdir()] == ["brochure-serve-"]
    process.send_signal(stop_signal)
    process.communicate(timeout=60)
    assert process.returncode == 0
    assert list(temporary.iterdir()) == []
