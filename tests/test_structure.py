"""The architecture, checked: output kinds live in the registry and their own packages, modules
stay small, renderers never reach back into the YAML loader."""

from __future__ import annotations

import ast
from pathlib import Path

from builder import outputs

PACKAGE = Path(__file__).resolve().parents[1] / "builder"
MAX_LINES = 400
"""No module grows past this: past it, a module has more than one job."""


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def kind_folder(name: str) -> Path:
    """The package that declares an output kind (`builder/handout` for `builder.handout.kind`)."""
    module = next(m for m in outputs.KIND_MODULES if m.endswith(".kind")
                  and outputs.kind(name) is __import__(m, fromlist=["KIND"]).KIND)
    return PACKAGE.parent.joinpath(*module.split(".")[:-1])


NOT_A_KIND = "# not an output kind"
"""A comment that marks a line whose literal is the same word in another sense (the CSS selector
`html`, Markdown's `html` option): the test then leaves that line alone."""


def mentions(path: Path, word: str) -> list[int]:
    """Lines where `word` is a string literal (a kind's name used as data)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    return sorted({node.lineno for node in ast.walk(tree)
                   if isinstance(node, ast.Constant) and isinstance(node.value, str)
                   and node.value.strip().lower() == word
                   and NOT_A_KIND not in lines[node.lineno - 1]})


def test_only_the_registry_and_its_own_package_name_a_kind() -> None:
    registry = PACKAGE / "outputs.py"
    offenders = []
    for name in outputs.names():
        own = kind_folder(name)
        for path in modules():
            if path == registry or own in path.parents:
                continue
            offenders += [f"{path.relative_to(PACKAGE.parent)}:{line}: '{name}'"
                          for line in mentions(path, name)]
    assert not offenders, "modules outside the registry that name an output kind:\n" + \
        "\n".join(offenders)


def test_the_structural_check_can_fail(tmp_path: Path) -> None:
    """A module that names a kind is found (so the test above is not vacuous)."""
    stray = tmp_path / "stray.py"
    stray.write_text('WANTED = ("pdf",)\nROOT = "html"  # not an output kind: a CSS selector\n')
    assert mentions(stray, "pdf") == [1] and mentions(stray, "html") == []


def test_every_kind_has_its_own_package() -> None:
    folders = [kind_folder(name) for name in outputs.names()]
    assert len(set(folders)) == len(folders) and all((f / "kind.py").is_file() for f in folders)


def test_no_module_is_over_the_size_limit() -> None:
    long = {str(p.relative_to(PACKAGE.parent)): n for p in modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_renderers_never_import_the_yaml_loader() -> None:
    for name in outputs.names():
        for path in kind_folder(name).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
            imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
                         for a in n.names}
            assert "builder.loader" not in imported, path


def test_the_readme_module_map_is_complete_and_true() -> None:
    """Every module and package of builder/ has a row in the README's architecture table, and
    every row names one that exists."""
    import re

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Architecture"):]
    section = section[:section.index("\n## ", 3)]
    listed = set(re.findall(r"^\| `([\w./]+)` \|", section, re.MULTILINE))
    present = {p.name for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    present |= {f"{p.name}/" for p in PACKAGE.iterdir()
                if p.is_dir() and (p / "__init__.py").is_file()}
    assert listed == present, \
        f"missing: {sorted(present - listed)}; stale: {sorted(listed - present)}"
