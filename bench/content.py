"""Content variants for the benchmark: the sample scaled up, one list of it grown to a given
length, small edits of the kinds a person makes, and the same content as Markdown for the pandoc
peer pipeline."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from builder.markup import to_plain
from builder.model import Document

FAMILIES = {"references": 3000, "sections": 1000, "table rows": 500, "glossary entries": 5000}
"""Each list the issue names, at its largest size (16x); 4x and 1x are a quarter and a
sixteenth of it."""


def _copy_folder(sample: Path, target_dir: Path) -> None:
    if not target_dir.exists():
        shutil.copytree(sample.parent, target_dir,
                        ignore=shutil.ignore_patterns("*.es.yaml", "build"))


def _write(data: dict[str, Any], target: Path) -> Path:
    data.pop("trifold", None)
    data["document"].pop("page_budget", None)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def scaled_copy(sample: Path, folder: Path, factor: int, stem: str | None = None) -> Path:
    """Copy the sample's folder and repeat its sections `factor` times (new ids, same images)."""
    target_dir = folder / f"x{factor}"
    _copy_folder(sample, target_dir)
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    sections = data["sections"]
    data["sections"] = [
        {**copy.deepcopy(section), "id": f"{section['id']}-{copy_no}" if copy_no else section["id"]}
        for copy_no in range(factor) for section in sections
    ]
    return _write(data, target_dir / f"{stem or sample.stem}.yaml")


def _cycled(items: list[dict[str, Any]], count: int) -> list[tuple[int, dict[str, Any]]]:
    """`count` deep copies of `items`, cycling through them, each with its copy number."""
    return [(number // len(items), copy.deepcopy(items[number % len(items)]))
            for number in range(count)]


def list_copy(sample: Path, folder: Path, family: str, count: int) -> Path:
    """The sample with one list (a key of `FAMILIES`) grown to `count` items.

    New references are cited nowhere (they are listed, numbered after the cited ones, in both
    outputs); new sections, rows and glossary terms are copies with new ids or names.
    """
    target_dir = folder / f"{family.replace(' ', '-')}-{count}"
    _copy_folder(sample, target_dir)
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    if family == "references":
        grown = []
        for copy_no, ref in _cycled(data["references"], count):
            if copy_no:
                ref["id"] = f"{ref['id']}-{copy_no}"
                ref["title"] = f"{ref['title']} (part {copy_no})"
            grown.append(ref)
        data["references"] = grown
    elif family == "sections":
        data["sections"] = [{**section, "id": f"{section['id']}-{n}" if n else section["id"]}
                            for n, section in _cycled(data["sections"], count)]
    elif family == "table rows":
        data["comparison"]["rows"] = [
            {**row, "label": f"{row['label']} ({n})" if n else row["label"]}
            for n, row in _cycled(data["comparison"]["rows"], count)]
    elif family == "glossary entries":
        data["glossary"] = [{**entry, "term": f"{entry['term']} {n}" if n else entry["term"]}
                            for n, entry in _cycled(data["glossary"], count)]
    else:
        raise ValueError(f"unknown list {family!r}")
    return _write(data, target_dir / f"{sample.stem}.yaml")


def edited(text: str, edit: str, round_no: int) -> str:
    """The content file's text after one small edit of the kind named (`title`, `body`,
    `key point`, `notes`), made on the data and dumped again (the copies are safe_dump output,
    so one field's change is one line's change)."""
    data = yaml.safe_load(text)
    mark = f" (edit {round_no})"
    if edit == "title":
        data["document"]["title"] += mark
    elif edit == "body":
        data["sections"][1]["body"] += f" This is edit {round_no}."
    elif edit == "key point":
        data["sections"][1]["key_points"][0] += mark
    elif edit == "notes":
        data["sections"][1]["notes"] = (data["sections"][1].get("notes") or "") + mark
    else:
        raise ValueError(f"unknown edit {edit!r}")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def as_markdown(document: Document) -> str:
    """The sample's text as one Markdown file: what a pandoc pipeline would start from."""
    lines = [f"---\ntitle: \"{document.document.title}\"\nlang: {document.document.language}\n---",
             ""]
    for section in document.sections:
        lines += [f"# {section.title}", "", section.body, ""]
        lines += [f"- {point}" for point in section.key_points] + [""]
        if section.image:
            picture = section.image.src.replace(".svg", ".png")  # pandoc's pptx takes rasters
            lines += [f"![{section.image.alt}]({picture})", ""]
        if section.notes:
            lines += ["::: notes", section.notes, ":::", ""]
    if document.comparison:
        table = document.comparison
        lines += [f"# {table.title}", "", "| | " + " | ".join(table.columns) + " |",
                  "|---" * (len(table.columns) + 1) + "|"]
        lines += ["| " + row.label + " | " + " | ".join(to_plain(c) for c in row.cells) + " |"
                  for row in table.rows]
        lines.append("")
    lines += ["# References", ""]
    lines += [f"{i}. {r.authors}. {r.title}. *{r.source}*, {r.year}."
              for i, r in enumerate(document.references, 1)]
    lines += ["", f"# {document.disclaimer.title}", "", document.disclaimer.text, ""]
    return "\n".join(lines)
