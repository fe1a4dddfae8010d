"""`brochure serve --editor`: open a problem's file at its line from the page.

Editors that register a URL scheme are opened by the browser itself (a plain link, nothing runs
on the server): VS Code `vscode://file/PATH:LINE:COL`, VSCodium, Cursor, Sublime Text, JetBrains
IDEs, MacVim. Editors without one (Emacs, gVim, or any command given with `{file}`) are started by
the server when the page asks to open problem N of the current list; the page never sends a path,
so only files the build itself reported can be opened, and the command is run without a shell.
"""

from __future__ import annotations

import shlex
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from builder.errors import Problem

URL_EDITORS = {
    "code": "vscode://file/{file}:{line}:{column}",
    "vscode": "vscode://file/{file}:{line}:{column}",
    "codium": "vscodium://file/{file}:{line}:{column}",
    "cursor": "cursor://file/{file}:{line}:{column}",
    "subl": "subl://open?url=file://{file}&line={line}&column={column}",
    "sublime": "subl://open?url=file://{file}&line={line}&column={column}",
    "idea": "idea://open?file={file}&line={line}&column={column}",
    "pycharm": "pycharm://open?file={file}&line={line}&column={column}",
    "mvim": "mvim://open?url=file://{file}&line={line}",
}
"""Editors the browser opens through their URL scheme."""

COMMAND_EDITORS = {
    "emacs": "emacsclient --no-wait +{line}:{column} {file}",
    "emacsclient": "emacsclient --no-wait +{line}:{column} {file}",
    "gvim": "gvim --remote-silent +{line} {file}",
    "vim": "gvim --remote-silent +{line} {file}",
    "nvim": "nvim-qt +{line} {file}",
    "kate": "kate --line {line} --column {column} {file}",
    "gedit": "gedit +{line}:{column} {file}",
}
"""Editors the server starts (they have no URL scheme)."""


@dataclass(frozen=True)
class Editor:
    """How to open a file at a line: a URL template, or a command template."""

    template: str

    @property
    def is_url(self) -> bool:
        return "://" in self.template.split()[0]

    def link(self, problem: Problem) -> str | None:
        """The link for a problem: the editor's URL, or `open:` for a server-side command."""
        if not self.is_url:
            return "open:"
        return self.template.format(file=quote(str(Path(problem.file).resolve())),
                                    line=problem.line, column=problem.column)

    def run(self, problem: Problem) -> None:
        """Start the editor command at the problem's file and line (no shell involved)."""
        words = [word.format(file=str(Path(problem.file).resolve()), line=problem.line,
                             column=problem.column) for word in shlex.split(self.template)]
        process = subprocess.Popen(words, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        # Reaped when it ends (an editor may stay open for hours): no zombie, no blocking.
        threading.Thread(target=process.wait, daemon=True).start()


def editor_named(name: str | None) -> Editor | None:
    """`--editor code`, `--editor emacs`, or a template with {file}, {line} and {column}."""
    if not name:
        return None
    known = URL_EDITORS.get(name) or COMMAND_EDITORS.get(name)
    if known:
        return Editor(known)
    if "{file}" in name:
        return Editor(name)
    raise ValueError(f"unknown editor '{name}': use one of "
                     f"{', '.join(sorted({*URL_EDITORS, *COMMAND_EDITORS}))}, or a URL or "
                     "command with {file}, {line} and {column}")
