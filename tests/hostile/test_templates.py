"""A clinic's own templates are trusted to lay out, not to read the disk or the network:
Jinja2 errors are located in the template, undefined names are errors, and nothing outside the
template and content folders is included, linked or fetched."""

from __future__ import annotations

import shutil
import zipfile

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
