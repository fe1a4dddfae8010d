"""The page-reference list WeasyPrint's PDF tags read once per tagged box is built once per
page tree, not once per box (builder/handout/page_tree.py), and stays right as pages are added."""

from __future__ import annotations

import pydyf

from builder.handout import page_tree


def _pdf_with_pages(count: int) -> pydyf.PDF:
    pdf = pydyf.PDF()
    for _ in range(count):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return pdf


def test_references_are_built_once_per_page_tree_and_follow_added_pages(monkeypatch) -> None:
    page_tree.install()
    built = []
    pydyf_list = page_tree._built
    monkeypatch.setattr(page_tree, "_built", lambda pdf: built.append(1) or pydyf_list(pdf))

    pdf = _pdf_with_pages(3)
    first = [pdf.page_references[number] for number in range(3) for _ in range(50)]
    assert len(built) == 1
    assert first[::50] == [f"{pdf.pages['Kids'][3 * n]} 0 R".encode() for n in range(3)]

    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references[3] == f"{pdf.pages['Kids'][9]} 0 R".encode()
    assert len(built) == 2
    assert pdf.page_references == page_tree._PYDYF_GETTER[0](pdf)  # pydyf's own, unchanged


def test_installing_twice_wraps_once() -> None:
    page_tree.install()
    page_tree.install()
    assert pydyf.PDF.page_references.fget is page_tree._page_references
    assert page_tree._PYDYF_GETTER[0] is not page_tree._page_references
    assert _pdf_with_pages(2).page_references == tuple(
        f"{number} 0 R".encode() for number in _pdf_with_pages(2).pages["Kids"][::3])
