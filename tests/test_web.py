"""The web page (`--only html`) read back as a document: one self-contained file with the
handout's content and citations, semantic HTML (landmarks, one h1, headings in order, tables with
header cells, figures with captions, `lang` where the language changes), built, named and
fingerprinted like the other outputs. Tests in a real browser are in test_web_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from builder import markup, pipeline
from builder.citations import ordered_references
from builder.errors import BrochureError
from builder.fields import ALT, NOTES, text_fields
from builder.handout.render import render_html
from builder.options import BuildOptions
from tests.conftest import SAMPLE, build_web_page


def parsed(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def words(element: lxml_html.HtmlElement) -> str:
    """The text a reader meets in the body (and image descriptions), spaces collapsed, quotes
    straightened (titles are printed as written, prose with typographic quotes)."""
    body = element.xpath("//body")[0]
    alts = " ".join(body.xpath(".//img/@alt"))
    return straight(body.text_content() + " " + alts)


def straight(text: str) -> str:
    """Quotes straightened, citation marks ([3], [1,2]) left out, spaces collapsed."""
    text = text.translate(str.maketrans("‘’“”\u00a0", "''\"\" "))
    text = re.sub(r"\s*\[[\d,–-]+\]", "", text)
    return re.sub(r"\s+([.,;:?!])", r"\1", " ".join(text.split()))


def test_named_like_every_other_output(web_pages: dict[str, Path]) -> None:
    assert {name: path.name for name, path in web_pages.items()} == {
        "sample": "regenerative-therapies.html", "sample.es": "regenerative-therapies.es.html",
        "guide": "knee-scope.html", "clinic.ar": "clinic.ar.html", "clinic.zh": "clinic.zh.html"}


def test_not_built_by_default() -> None:
    assert "html" not in BuildOptions().outputs


@pytest.mark.parametrize("name", ["sample", "sample.es", "guide", "clinic.ar", "clinic.zh"])
def test_semantic_structure(web_pages: dict[str, Path], name: str) -> None:
    page = parsed(web_pages[name])
    assert page.get("lang") and page.get("dir") in ("ltr", "rtl")
    assert len(page.xpath("//h1")) == 1
    levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), \
        levels
    assert len(page.xpath("//main[@id='main']")) == 1
    assert len(page.xpath("/html/body/header")) == 1  # banner
    assert len(page.xpath("/html/body/footer")) == 1  # contentinfo
    skip = page.xpath("/html/body/*[1]")[0]
    assert skip.tag == "a" and skip.get("href") == "#main"
    for link in page.xpath("//a[starts-with(@href, '#')]"):
        target = link.get("href")[1:]
        assert page.xpath(f"//*[@id='{target}']"), f"link to missing #{target}"
    for image in page.xpath("//img"):
        assert image.get("alt", "").strip() and image.get("src").startswith("data:")
    for figure in page.xpath("//main//figure"):
        # a picture, or a drawing in the page (icon arrays) that names itself
        assert figure.xpath(".//img | .//svg[@role='img' and @aria-label]") and \
            figure.xpath(".//figcaption")
    for table in page.xpath("//table"):
        assert table.xpath("./thead/tr/th[@scope='col']")
        assert all(row.xpath("./th[@scope='row']") for row in table.xpath("./tbody/tr"))


@pytest.mark.parametrize("name", ["sample", "sample.es", "guide", "clinic.ar", "clinic.zh"])
def test_one_file_that_fetches_nothing_and_runs_nothing(web_pages: dict[str, Path],
                                                        name: str) -> None:
    page = parsed(web_pages[name])
    assert not page.xpath("//script | //iframe | //object | //embed | //base")
    assert not [e for e in page.iter() if any(a.startswith("on") for a in e.attrib)]
    loaded = page.xpath("//@src | //@srcset | //link[not(@rel='alternate' or "
                        "@rel='canonical')]/@href")
    assert loaded and all(url.startswith("data:") for url in loaded)
    styles = " ".join(page.xpath("//style/text()"))
    assert all(u.startswith(("data:", "#")) for u in re.findall(r"url\(['\"]?([^'\")]+)", styles))
    assert "@font-face" in styles  # the brand fonts travel with the page


def test_same_content_and_citations_as_the_handout(web_pages: dict[str, Path]) -> None:
    document = pipeline.load_document(SAMPLE).document
    page = parsed(web_pages["sample"])
    text = words(page)
    for field in text_fields(document):
        slide_only = field.path[-1] == "short_name" or "key_points" in field.path
        if field.handout and field.kind not in (ALT, NOTES) and not slide_only:
            plain = straight(markup.to_plain(field.text, language="en"))
            for piece in re.split(r"\s*\n\s*|(?<=[.:;?!])\s+", plain):
                assert piece.strip() in text, (field.path, piece)
    # the references: the same sources, numbered and ordered as the handout numbers them
    context = pipeline.context_for(SAMPLE, BuildOptions(), None)
    handout = lxml_html.fromstring(render_html(document, context))
    order = [li.get("id") for li in handout.xpath("//section[@id='references']//li")]
    assert order == [li.get("id") for li in page.xpath("//section[@id='references']//li")]
    assert order == [f"ref-{r.id}" for r in ordered_references(document)]
    marks = lambda tree: [(a.get("href"), a.text) for a in tree.xpath("//main//a[@class='cite']")]  # noqa: E731
    assert marks(page) == marks(handout)


def test_status_and_evidence_are_words_not_colours(web_pages: dict[str, Path]) -> None:
    page = parsed(web_pages["sample"])
    badges = [b.text_content().strip() for b in page.xpath("//*[contains(@class,'badge')]")]
    assert badges and all(badges)
    labels = [e.text_content().strip() for e in page.xpath("//*[contains(@class,'evidence ')]")]
    assert labels and all(labels)


def test_every_language_switch_is_marked(web_pages: dict[str, Path]) -> None:
    english, spanish = parsed(web_pages["sample"]), parsed(web_pages["sample.es"])
    assert (english.get("lang"), spanish.get("lang")) == ("en", "es")
    switch = {a.get("hreflang"): (a.get("lang"), a.get("href"), a.text_content())
              for a in english.xpath("//nav//a[@hreflang]")}
    assert switch == {"es": ("es", "regenerative-therapies.es.html", "Español")}
    back = {a.get("hreflang"): (a.get("lang"), a.get("href"), a.text_content())
            for a in spanish.xpath("//nav//a[@hreflang]")}
    assert back == {"en": ("en", "regenerative-therapies.html", "English")}
    # the Spanish page cites English sources: each is marked as English
    references = spanish.xpath("//section[@id='references']//li")
    assert references and all(li.get("lang") == "en" for li in references)
    arabic = parsed(web_pages["clinic.ar"])
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")
    names = {a.get("lang"): a.get("dir") for a in arabic.xpath("//nav//a[@hreflang]")}
    assert names == {"en": "ltr", "zh": "ltr"}


def test_the_published_address_is_the_canonical_link(minimal_copy: Path, tmp_path: Path) -> None:
    text = minimal_copy.read_text(encoding="utf-8")
    minimal_copy.write_text(text.replace("  page_budget: 4\n", "  page_budget: 4\n"
                                         "  web_address: https://clinic.example.org/prp\n"))
    page = parsed(build_web_page(minimal_copy, tmp_path / "out"))
    assert page.xpath("//link[@rel='canonical']/@href") == ["https://clinic.example.org/prp"]


def test_unchanged_content_is_not_rendered_again(minimal_copy: Path, tmp_path: Path) -> None:
    options = BuildOptions(out_dir=tmp_path / "out", outputs=("html",))
    first = pipeline.build(minimal_copy, options).outputs[0]
    before = first.path.read_bytes()
    again = pipeline.build(minimal_copy, options).outputs[0]
    assert again.skipped and again.path.read_bytes() == before
    # speaker notes are not on the page; a title is
    text = minimal_copy.read_text(encoding="utf-8")
    assert "    notes: " in text
    minimal_copy.write_text(text.replace("    notes: ", "    notes: Say this slowly. ", 1))
    assert pipeline.build(minimal_copy, options).outputs[0].skipped
    minimal_copy.write_text(text.replace("title: PRP in brief", "title: PRP, briefly"))
    changed = pipeline.build(minimal_copy, options).outputs[0]
    assert not changed.skipped and b"PRP, briefly" in changed.path.read_bytes()


def test_a_template_that_would_fetch_is_refused(minimal_copy: Path, tmp_path: Path) -> None:
    own = minimal_copy.parent / "brochures" / "web"
    own.mkdir(parents=True)
    (own / "page.html").write_text(
        '{% extends "base.html" %}{% block head %}<link rel="stylesheet" '
        'href="https://fonts.example.com/a.css">{% endblock %}')
    before = sorted(p.name for p in (tmp_path / "out").glob("*")) if (tmp_path / "out").exists() \
        else []
    with pytest.raises(BrochureError, match="fonts.example.com/a.css"):
        build_web_page(minimal_copy, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").glob("*")) == before == []


def test_a_clinic_stylesheet_adds_to_the_built_in_one(minimal_copy: Path, tmp_path: Path) -> None:
    own = minimal_copy.parent / "brochures" / "web"
    own.mkdir(parents=True)
    (own / "custom.css").write_text(".site-header { border-bottom: 7px solid red; }\n")
    page = build_web_page(minimal_copy, tmp_path / "out").read_text(encoding="utf-8")
    assert ".skip-link" in page and "border-bottom: 7px solid red" in page
    assert page.index(".skip-link") < page.index("7px solid red")


def test_watch_rebuilds_the_page_on_a_save(minimal_copy: Path, tmp_path: Path) -> None:
    import threading

    import watchfiles

    from builder.pipeline import BuildReport
    from builder.watch import watch, watch_plan
    from builder.web.render import search_path
    from tests.test_watch import wait_until

    options = BuildOptions(out_dir=tmp_path / "out", outputs=("html",))
    roots, keep = watch_plan(minimal_copy, options)
    for folder in search_path(minimal_copy.parent):  # the web templates are watched
        assert any(r == folder or r in folder.parents for r in roots), (folder, roots)
        assert keep(watchfiles.Change.modified, str(folder / "page.html"))
    builds: list[BuildReport | Exception] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(minimal_copy, options), daemon=True,
                              kwargs={"debounce_ms": 100, "stop_event": stop,
                                      "on_build": builds.append})
    thread.start()
    page = tmp_path / "out" / "minimal.html"
    try:
        wait_until(lambda: builds, "the first build")
        assert page.is_file() and not (tmp_path / "out" / "minimal.pdf").exists()
        text = minimal_copy.read_text(encoding="utf-8")
        minimal_copy.write_text(text.replace("title: PRP in brief", "title: PRP, briefly"))
        wait_until(lambda: b"PRP, briefly" in page.read_bytes(), "the page with the new title")
    finally:
        stop.set()
        thread.join(30)
    assert all(isinstance(b, BuildReport) for b in builds)
