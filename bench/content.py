"""Content variants for the benchmark: the sample scaled up, and the same content as Markdown
for the pandoc peer pipeline."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml

from builder.markup import to_plain
from builder.model import Document


def scaled_copy(sample: Path, folder: Path, factor: int, stem: str | None = None) -> Path:
    """Copy the sample's folder and repeat its sections `factor` times (new ids, same images)."""
    target_dir = folder / f"x{factor}"
    if not target_dir.exists():
        shutil.copytree(sample.parent, target_dir,
                        ignore=shutil.ignore_patterns("*.es.yaml", "build"))
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    sections = data["sections"]
    data["sections"] = [
        {**copy.deepcopy(section), "id": f"{section['id']}-{copy_no}" if copy_no else section["id"]}
        for copy_no in range(factor) for section in sections
    ]
    data.pop("trifold", None)
    data["document"].pop("page_budget", None)
    target = target_dir / f"{stem or sample.stem}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


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
