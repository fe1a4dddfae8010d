"""A clinic's own templates are trusted to lay out, not to read the disk or the network:
Jinja2 errors are located in the template, undefined names are errors, and nothing outside the
template and content folders is included, linked or fetched."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.hostile.conftest import (
    ROOT,
    Sentinel,
    Workspace,
    assert_clean,
    assert_refused,
    pdf_text,
)
from tests.hostile.test_images import SRC_LINE

PAGE = "mybrochure/handout.html"


def user_template(ws: Workspace, page: str, css: str | None = None) -> list[str]:
    """A `--brochure mybrochure` folder holding `handout.html` (and `custom.css`)."""
    folder = ws.root / "mybrochure"
    folder.mkdir(exist_ok=True)
    (folder / "handout.html").write_text(page)
    if css is not None:
        (folder / "custom.css").write_text(css)
    return ["--brochure", "mybrochure", "--only", "pdf", "--force"]


def cover(body: str) -> str:
    return '{% extends "base.html" %}\n{% block cover %}\n' + body + "\n{% endblock %}\n"


def test_jinja_syntax_error_names_template_and_line(ws: Workspace) -> None:
    before = ws.snapshot()
    args = user_template(ws, cover("<h1>{{ meta.title }</h1>"))
    assert_refused(ws.build(*args), ws, before, file=PAGE, line=3, contains="syntax")


@pytest.mark.parametrize("expression", ["{{ nope }}", "{{ meta.tittle }}",
                                        "{{ doc.sections[0].nope }}"])
def test_undefined_name_is_an_error(ws: Workspace, expression: str) -> None:
    before = ws.snapshot()
    args = user_template(ws, cover(f"<h1>{expression}</h1>"))
    assert_refused(ws.build(*args), ws, before, file=PAGE, line=3)


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../../../etc/passwd",
                                  "../content/minimal.yaml"])
def test_include_outside_the_template_folders(ws: Workspace, name: str) -> None:
    before = ws.snapshot()
    args = user_template(ws, cover(f'{{% include "{name}" %}}'))
    outcome = ws.build(*args)
    assert_refused(outcome, ws, before, file="", has_line=False)
    assert "root:" not in outcome.stderr


def _css_cases(port: int) -> dict[str, str]:
    return {
        "file-url": "body { background: url(file:///etc/passwd); }",
        "absolute-path": "body { background: url(/etc/passwd); }",
        "import-http": f'@import url("http://127.0.0.1:{port}/a.css");',
        "font-http": f"@font-face {{ font-family: x; src: url(http://127.0.0.1:{port}/f.ttf); }}"
                     " body { font-family: x; }",
        "content-dir": "body { background: url(../content/minimal.yaml); }",
    }


@pytest.mark.parametrize("case", ["file-url", "absolute-path", "import-http", "font-http",
                                  "content-dir"])
def test_css_cannot_reach_outside(ws: Workspace, sentinel: Sentinel, no_network: list[str],
                                  case: str) -> None:
    before = ws.snapshot()
    args = user_template(ws, '{% extends "base.html" %}\n', css=_css_cases(sentinel.port)[case])
    assert_refused(ws.build(*args), ws, before, file="", has_line=False, contains="refers to")
    assert sentinel.connections == 0 and no_network == []


@pytest.mark.parametrize("element", [
    '<img src="file:///etc/passwd" alt="">',
    '<img src="/etc/passwd" alt="">',
    '<link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">',
    '<object data="file:///etc/hostname"></object>',
])
def test_html_cannot_reach_outside(ws: Workspace, sentinel: Sentinel, no_network: list[str],
                                   element: str) -> None:
    before = ws.snapshot()
    args = user_template(ws, cover(element.format(port=sentinel.port)))
    assert_refused(ws.build(*args), ws, before, file="", has_line=False, contains="refers to")
    assert sentinel.connections == 0 and no_network == []


def test_template_cannot_escape_into_python(ws: Workspace, tmp_path_factory:
                                            pytest.TempPathFactory) -> None:
    """Templates run sandboxed: Python internals (`__globals__`) are out of reach, so a
    template cannot read a file by calling into a module."""
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    secret.write_text("TOPSECRET-7731")
    args = user_template(ws, cover(
        f"<p>{{{{ md.__globals__['Path']('{secret}').read_text() }}}}</p>"))
    outcome = ws.build(*args)
    assert_clean(outcome)
    leaked = outcome.code == 0 and "TOPSECRET" in pdf_text(ws.out / "minimal.pdf")
    assert not leaked, "a template read a file outside its folders"
    assert outcome.code == 2


# ----------------------------------------------------------------------------- slides


@pytest.mark.parametrize("kind", ["text", "zip", "missing", "folder"])
def test_slides_template_that_is_not_a_pptx(ws: Workspace, kind: str) -> None:
    before = ws.snapshot()
    path = ws.root / "clinic.pptx"
    if kind == "text":
        path.write_text("this is a text file renamed to .pptx\n")
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "not a presentation")
    elif kind == "folder":
        path.mkdir()
    outcome = ws.build("--slides", "clinic.pptx", "--only", "pptx", "--force")
    assert_refused(outcome, ws, before, file="", has_line=False, contains="clinic.pptx")


def test_unknown_brochure_lists_the_names(ws: Workspace) -> None:
    before = ws.snapshot()
    outcome = ws.build("--brochure", "nope", "--force")
    assert_refused(outcome, ws, before, file="", has_line=False, contains="handout")


def test_pptx_template_folder_is_not_opened_to_content(ws: Workspace) -> None:
    """`--slides ~/Downloads/clinic.pptx` must not let the content file read
    `~/Downloads/anything.png`: only the .pptx itself is the template."""
    from tests.hostile.test_assets import png

    downloads = ws.root / "downloads"
    downloads.mkdir()
    shutil.copy(ROOT / "slides" / "default" / "default.pptx", downloads / "clinic.pptx")
    (downloads / "private.png").write_bytes(png(300, 300))
    before = ws.snapshot()
    ws.edit("src: images/cell.png", "src: ../downloads/private.png")
    outcome = ws.build("--slides", "downloads/clinic.pptx", "--force")
    assert_refused(outcome, ws, before, line=SRC_LINE, contains="outside")


# ----------------------------------------------------------------------------- limits
# Templates are code-like: each case runs in a subprocess that the harness bounds in time and
# address space, so a template that loops or allocates without end fails the test, never the
# machine. The build must refuse it with one located line (exit 2) in seconds.

RUNAWAY = {
    "nested-loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                    "{% endfor %}",
    "loop-over-a-list": "{% set l = range(5000)|list %}{% for a in l %}{% for b in l %}"
                        "{% endfor %}{% endfor %}",
    "doubling-string": "{% set ns = namespace(s='ab') %}{% for i in range(64) %}"
                       "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "100-mb-string": "{{ 'x' * 100000000 }}",
    "huge-padding": "{{ 'a'|center(100000000) }}",
    "format-padding": "{{ '%100000000s' % 'a' }}",
    "huge-number": "{{ 10 ** 100000000 }}",
    "replace-blowup": "{% set s = range(100000)|join %}{{ s|replace('1', s) }}",
    "filter-in-a-loop": "{% set big = range(100000)|join(',') %}{% for i in range(100000) %}"
                        "{% set x = big|wordcount %}{% endfor %}",
    "exponential-macro": "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}"
                         "{% endmacro %}{{ m(60) }}",
    "recursive-macro": "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "recursive-loop": "{% for x in [1, 2] recursive %}{{ loop([1, 2]) }}{% endfor %}",
    "self-include": '{% include "handout.html" %}',
    "extends-cycle": '{% extends "other.html" %}',
}


@pytest.mark.parametrize("case", list(RUNAWAY))
def test_runaway_template_is_a_located_error(ws: Workspace, case: str) -> None:
    before = ws.snapshot()
    args = user_template(ws, "<p>\n" + RUNAWAY[case] + "\n</p>\n")
    (ws.root / "mybrochure" / "other.html").write_text('{% extends "handout.html" %}\n')
    outcome = ws.build(*args, subprocess=True, timeout=90, memory=2 * 1024**3)
    cycle = case in ("self-include", "extends-cycle")  # either template of the cycle is named
    problems = assert_refused(outcome, ws, before, file="mybrochure/" if cycle else PAGE,
                              has_line=not cycle, contains="template error")
    assert len(problems) == 1, problems
    assert re.match(r"mybrochure/(handout|other)\.html:\d+:1: " if cycle else f"{PAGE}:2:1: ",
                    problems[0]), problems


def test_template_within_the_limits_still_builds(ws: Workspace) -> None:
    """Real templates loop over content, call macros and use filters: far below the limits."""
    args = user_template(ws, cover(
        "{% macro item(x) %}<b>{{ x|upper|replace('A', 'a') }}</b>{% endmacro %}"
        "{% set ns = namespace(total=0) %}{% for i in range(20000) %}"
        "{% set ns.total = ns.total + i %}{% endfor %}"
        "<p>{% for i in range(3) %}{{ item('row %d' % i) }}{% endfor %} {{ ns.total }} "
        "{{ ('x' * 1000)|length }} {{ 2 ** 64 }}</p>"))
    outcome = ws.build(*args)
    assert_clean(outcome)
    assert outcome.code == 0, outcome.stderr
    assert "ROW 2 199990000 1000 18446744073709551616" in pdf_text(
        ws.out / "minimal.mybrochure.pdf")


@pytest.mark.parametrize("where", ["include", "page"])
def test_content_folder_template_linking_outside_is_refused(
        ws: Workspace, tmp_path_factory: pytest.TempPathFactory, where: str) -> None:
    """A received content folder's own `brochures/handout/` is used by a plain `brochure
    build`; a symlink in it must not print a file from elsewhere on the disk."""
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.html"
    secret.write_text("<p>TOPSECRET-4417</p>")
    folder = ws.content_dir / "brochures" / "handout"
    folder.mkdir(parents=True)
    if where == "include":
        (folder / "handout.html").write_text(cover('{% include "notes.html" %}'))
        (folder / "notes.html").symlink_to(secret)
    else:
        (folder / "handout.html").symlink_to(secret)
    before = ws.snapshot()
    outcome = ws.build("--only", "pdf", "--force")
    page = "content/brochures/handout/handout.html"
    problems = assert_refused(outcome, ws, before, file=page if where == "include" else "",
                              has_line=where == "include", contains="outside")
    assert page in problems[0]
    assert "TOPSECRET" not in outcome.stderr + outcome.stdout
    assert len(problems) == 1


@pytest.mark.parametrize("special", ["fifo", "dev-zero"])
def test_template_that_is_a_special_file(ws: Workspace, special: str) -> None:
    before = ws.snapshot()
    args = user_template(ws, cover('{% include "notes.html" %}'))
    notes = ws.root / "mybrochure" / "notes.html"
    if special == "fifo":
        os.mkfifo(notes)
    else:
        notes.symlink_to("/dev/zero")
    outcome = ws.build(*args, subprocess=True, timeout=60)
    assert_refused(outcome, ws, before, file=PAGE, line=3, contains="notes.html")


# ----------------------------------------------------------------------------- hostile .pptx

def _rewritten(out: Path, *, drop: tuple[str, ...] = (), replace: dict[str, bytes] | None = None,
               zeros: int = 0) -> Path:
    """The built-in template with parts dropped or replaced, or a part of `zeros` zero bytes
    (which deflate packs about a thousand to one)."""
    source = ROOT / "slides" / "default" / "default.pptx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w",
                                                              zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            if info.filename not in drop:
                copy.writestr(info.filename, (replace or {}).get(info.filename)
                              or original.read(info.filename))
        if zeros:
            with copy.open("ppt/media/zeros.bin", "w", force_zip64=True) as stream:
                chunk = b"\0" * (16 << 20)
                for _ in range(zeros // len(chunk)):
                    stream.write(chunk)
    return out


def _theme(entities: str, reference: str) -> bytes:
    source = ROOT / "slides" / "default" / "default.pptx"
    with zipfile.ZipFile(source) as original:
        theme = original.read("ppt/theme/theme1.xml")
    theme = theme.replace(b"<a:theme", f"<!DOCTYPE a:theme [{entities}]>\n<a:theme".encode(), 1)
    return theme.replace(b'name="', f'name="{reference}'.encode(), 1)


LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(9))

HOSTILE_PPTX = {
    "zip-bomb": {"zeros": 512 * 1024 * 1024},  # 0.5 MB on disk, 512 MB unpacked
    "external-entity": {"replace": {"ppt/theme/theme1.xml": _theme(
        '<!ENTITY x SYSTEM "file:///etc/passwd">', "&x;")}},
    "billion-laughs": {"replace": {"ppt/theme/theme1.xml": _theme(LAUGHS, "&l8;")}},
    "missing-master": {"drop": ("ppt/slideMasters/slideMaster1.xml",)},
    "missing-theme": {"drop": ("ppt/theme/theme1.xml",)},
}


@pytest.mark.parametrize("case", list(HOSTILE_PPTX))
def test_hostile_pptx_template_is_refused(ws: Workspace, case: str) -> None:
    """Zip bombs and entities are refused before anything is unpacked or parsed; a package
    that lacks a part it names is a clean error. Bounded by the harness (the bomb once took
    3.1 GB)."""
    _rewritten(ws.root / "clinic.pptx", **HOSTILE_PPTX[case])  # type: ignore[arg-type]
    before = ws.snapshot()
    outcome = ws.build("--slides", "clinic.pptx", "--only", "pptx", "--force", subprocess=True,
                       timeout=60, memory=1024**3)
    problems = assert_refused(outcome, ws, before, file="clinic.pptx", has_line=False,
                              contains=("DOCTYPE" if "entit" in case or "laughs" in case
                                        else "zip bomb" if case == "zip-bomb" else "damaged"))
    assert "root:" not in outcome.stderr
    assert len(problems) == 1, problems
