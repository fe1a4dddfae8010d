"""Inline Markdown means the same in both outputs, and raw HTML is never interpreted."""

from __future__ import annotations

from builder.markup import cited_ids, clean_text, to_html, to_paragraphs, to_plain

NUMBERS = {"a": 1, "b": 2}.get


def test_html_escapes_raw_html_and_links_citations() -> None:
    html = to_html("**Bold** <script>x()</script> [@a; @b]", numbering=NUMBERS, inline=True)
    assert html.startswith("<strong>Bold</strong> &lt;script&gt;x()&lt;/script&gt; ")
    assert '<a class="cite" href="#ref-a">1</a>,<a class="cite" href="#ref-b">2</a>' in html


def test_unsafe_link_schemes_are_dropped() -> None:
    html = to_html("[x](https://ok.example) [y](javascript:alert(1))", inline=True)
    assert 'href="https://ok.example"' in html and "javascript:" not in html.replace(
        "[y](javascript:alert(1))", "")


def test_runs_carry_formatting_lists_and_citations() -> None:
    paragraphs = to_paragraphs("One *two* [@b]\n\n- item", numbering=NUMBERS)
    first, item = paragraphs
    assert [(r.text, r.italic) for r in first.runs][:2] == [("One ", False), ("two", True)]
    assert first.runs[-1].text == "[2]" and first.runs[-1].citation == (2,)
    assert (item.text, item.level) == ("item", 1)


def test_quotes_follow_the_language() -> None:
    assert to_plain('"hola"', language="es") == "«hola»"
    assert to_plain('"hi"', language="en") == "“hi”"


def test_cited_ids_and_plain_text() -> None:
    assert cited_ids("x [@a] y [@b; @a]") == ["a", "b", "a"]
    assert to_plain("Made **here** [@a].") == "Made here ."


def test_clean_text_removes_what_pptx_refuses() -> None:
    assert clean_text("a\x0bb\x07c\ufffe\ud800d\te") == "a\nbcd\te"
