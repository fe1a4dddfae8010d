"""Handouts and decks in the patient's language (issue 9).

The sample is built once in English and once in Spanish, the small Arabic and Chinese fixture
once each (module-scoped: a build costs seconds); the tests read facts back from the files —
text, `/Lang`, embedded fonts, character positions, PPTX language tags — rather than comparing
bytes. The translation checks run on private copies of the content folders.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from builder import glyphs, i18n, loader, pipeline, stamps, translate
from builder.checks import check_file
from builder.checks.readability import formula_for
from builder.cli import main
from builder.options import BuildOptions
from builder.validate import validate
from tests.conftest import FIXTURES, SAMPLE

SCRIPTS = FIXTURES / "i18n" / "scripts" / "clinic.yaml"
"""English source with complete Arabic (clinic.ar.yaml) and Chinese (clinic.zh.yaml) files."""

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


# ----------------------------------------------------------------------------- helpers


def build(content: Path, language: str, out: Path) -> dict[str, Path]:
    """Build both outputs of one language; {"pdf": path, "pptx": path}."""
    report = pipeline.build(content, BuildOptions(language=language, out_dir=out, force=True))
    return {o.kind: o.path for o in report.outputs}


def pdf_text(path: Path) -> str:
    """All the text of a PDF, whitespace folded."""
    pdf = pdfium.PdfDocument(path)
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)
    finally:
        pdf.close()


def pdf_lang(path: Path) -> str:
    return str(PdfReader(path).trailer["/Root"]["/Lang"])


def pdf_fonts(path: Path) -> set[str]:
    """Embedded font names without subset tag or hyphens: 'NotoSansArabic', ..."""
    names = set()
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            base = str(font.get_object()["/BaseFont"]).lstrip("/")
            names.add(base.split("+", 1)[-1].replace("-", ""))
    return names


def slide_xml(path: Path, part: str = "ppt/slides/slide") -> list[str]:
    """The XML of every slide (or notes slide) of a deck."""
    with zipfile.ZipFile(path) as archive:
        return [archive.read(n).decode() for n in sorted(archive.namelist())
                if n.startswith(part) and n.endswith(".xml")]


def run_languages(xml: list[str]) -> set[str]:
    """`lang` of every run (a:rPr / a:endParaRPr) in the given parts."""
    return {lang for text in xml
            for lang in re.findall(r'<a:(?:rPr|endParaRPr)\b[^>]*\blang="([^"]*)"', text)}


def charboxes(path: Path, words: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Boxes (left, bottom, right, top) of the first and last logical characters of `words`
    where they first occur in the PDF."""
    pdf = pdfium.PdfDocument(path)
    try:
        for page in pdf:
            textpage = page.get_textpage()
            text = textpage.get_text_range()  # one entry per character index
            start = text.find(words)
            if start >= 0:
                return (textpage.get_charbox(start),
                        textpage.get_charbox(start + len(words) - 1))
    finally:
        pdf.close()
    raise AssertionError(f"{words!r} is not in {path.name}")


# ----------------------------------------------------------------------------- builds


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(SAMPLE, "es", tmp_path_factory.mktemp("es"))


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(SAMPLE, "en", tmp_path_factory.mktemp("en"))


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(SCRIPTS, "ar", tmp_path_factory.mktemp("ar"))


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(SCRIPTS, "zh", tmp_path_factory.mktemp("zh"))


def test_spanish_handout_text_and_tool_words(spanish: dict[str, Path]) -> None:
    assert spanish["pdf"].name == "regenerative-therapies.es.pdf"
    text = pdf_text(spanish["pdf"])
    for title in ("Terapias regenerativas: lo que sabemos y lo que no",
                  "Plasma rico en plaquetas (PRP)", "Caída del cabello",
                  "Antes de aceptar: preguntas para hacer",
                  "Pregunte a su médico o a la clínica"):
        assert title in text
    for word in ("Página 1 de", "Referencias", "Palabras que conviene conocer",
                 "Situación regulatoria", "Lo que dice la evidencia", "Publicado el 1 de "
                 "noviembre de 2026", "Revisión médica: Maya R. Okafor"):
        assert word in text
    for english_word in ("Page 1 of", "References", "Words to know", "Published",
                         "What the evidence says", "Regulatory status"):
        assert english_word not in text
    assert pdf_lang(spanish["pdf"]) == "es"


def test_spanish_deck_is_tagged_spanish(spanish: dict[str, Path]) -> None:
    slides = slide_xml(spanish["pptx"])
    assert run_languages(slides) == {"es"}
    every = "".join(slides)
    for word in ("La charla de hoy", "Referencias", "Gracias", "Situación regulatoria"):
        assert word in every
    assert "Today&apos;s talk" not in every and "Thank you" not in every


def test_english_build_is_english(english: dict[str, Path]) -> None:
    assert english["pdf"].name == "regenerative-therapies.pdf"  # the source language: no tag
    assert pdf_lang(english["pdf"]) == "en"
    text = pdf_text(english["pdf"])
    assert "Page 1 of" in text and "References" in text
    assert run_languages(slide_xml(english["pptx"])) == {"en"}


def test_arabic_handout_runs_right_to_left(arabic: dict[str, Path]) -> None:
    assert "NotoSansArabic" in pdf_fonts(arabic["pdf"])
    assert pdf_lang(arabic["pdf"]) == "ar"
    first, last = charboxes(arabic["pdf"], "قبل أن تقرر")  # a section title
    assert first[0] > last[2], "the first letter of an Arabic title stands to the right"
    text = pdf_text(arabic["pdf"])
    # words without the lam-alef ligature, whose letters PDF text extraction reverses
    for word in ("الصفحة 1 من 2", "المراجع", "أسئلة لطبيبك", "مصطلحات مهمة"):
        assert word in text


def test_arabic_deck_runs_right_to_left(arabic: dict[str, Path]) -> None:
    slides = slide_xml(arabic["pptx"])
    paragraphs = [(p, "".join(re.findall(r"<a:t>([^<]*)</a:t>", body)))
                  for xml in slides
                  for p, body in re.findall(r"(<a:pPr\b[^>]*>)(.*?)</a:p>", xml, re.S)]
    arabic_paras = [p for p, text in paragraphs if re.search("[\u0600-\u06ff]", text)]
    assert arabic_paras and all('rtl="1"' in p and 'algn="r"' in p for p in arabic_paras)
    assert run_languages(slides) == {"ar"}
    assert "محاور اللقاء" in "".join(slides)


def test_arabic_deck_keeps_latin_paragraphs_left_to_right(arabic: dict[str, Path]) -> None:
    """A phone number or an English reference in an Arabic deck is laid out left to right;
    the slide number in the footer keeps the deck's direction."""
    paragraphs = {"".join(re.findall(r"<a:t>([^<]*)</a:t>", body)): p
                  for xml in slide_xml(arabic["pptx"])
                  for p, body in re.findall(r"(<a:pPr\b[^>]*>)(.*?)</a:p>", xml, re.S)}
    phone = paragraphs["+1 555 0100"]
    assert 'rtl="0"' in phone and 'algn="l"' in phone
    assert all('rtl="1"' in p for text, p in paragraphs.items() if text.isdigit())


def test_arabic_deck_defaults_to_arabic(arabic: dict[str, Path]) -> None:
    """Text typed into the deck later is proofed in the document language."""
    parts = slide_xml(arabic["pptx"], "ppt/presentation") + slide_xml(
        arabic["pptx"], "ppt/slideMasters/") + slide_xml(arabic["pptx"], "ppt/slideLayouts/")
    defaults = {lang for xml in parts
                for lang in re.findall(r'<a:(?:defRPr|endParaRPr)\b[^>]*\blang="([^"]*)"', xml)}
    assert defaults == {"ar"}


def test_spanish_speaker_notes_are_right_to_left_only_in_arabic(
        arabic: dict[str, Path], spanish: dict[str, Path]) -> None:
    notes = "".join(slide_xml(arabic["pptx"], "ppt/notesSlides/notesSlide"))
    assert 'rtl="1"' in notes and run_languages([notes]) == {"ar"}
    assert 'rtl="1"' not in "".join(slide_xml(spanish["pptx"], "ppt/notesSlides/notesSlide"))


def test_chinese_renders_with_the_shipped_cjk_font(chinese: dict[str, Path]) -> None:
    assert "DroidSansFallback" in pdf_fonts(chinese["pdf"])
    text = pdf_text(chinese["pdf"])
    assert "什么是富血小板血浆" in text and "参考文献" in text and "第 1 页，共 2 页" in text
    assert pdf_lang(chinese["pdf"]) == "zh"
    assert run_languages(slide_xml(chinese["pptx"])) == {"zh"}


# ----------------------------------------------------------------------------- bidi and tags


def test_spanish_speaker_notes_are_tagged_spanish(spanish: dict[str, Path]) -> None:
    assert run_languages(slide_xml(spanish["pptx"], "ppt/notesSlides/notesSlide")) == {"es"}


def test_arabic_deck_table_is_mirrored(arabic: dict[str, Path]) -> None:
    rows = re.findall(r"<a:tr\b.*?</a:tr>", "".join(slide_xml(arabic["pptx"])), re.S)
    cells = [["".join(re.findall(r"<a:t>([^<]*)</a:t>", cell))
              for cell in re.findall(r"<a:tc\b.*?</a:tc>", row, re.S)] for row in rows]
    assert cells[0][-1] == "" and cells[1][-1] == "ما هو"  # corner and labels on the right


def test_arabic_deck_alt_text_is_arabic(arabic: dict[str, Path]) -> None:
    alts = re.findall(r'descr="([^"]*)"', "".join(slide_xml(arabic["pptx"])))
    assert "شعار Test Clinic" in alts
    assert any(alt.startswith("رمز QR:") for alt in alts)


def test_arabic_handout_keeps_phone_numbers_left_to_right(arabic: dict[str, Path]) -> None:
    assert "+1 555 0100" in pdf_text(arabic["pdf"])


def test_reference_direction_follows_its_script() -> None:
    from builder.handout.environment import environment

    env = environment([Path(__file__).resolve().parents[1] / "brochures" / "handout"])
    test = env.tests["rtl_text"]
    assert test("دليل قصير") and test("PRP: دليل")
    assert not test("Platelet-rich plasma") and not test("+1 555 0100")


# ----------------------------------------------------------------------------- catalogues


def test_every_catalogue_has_exactly_the_english_keys() -> None:
    english = json.loads((i18n.LOCALE_DIR / "en.json").read_text(encoding="utf-8"))
    fields = {key: set(re.findall(r"\{(\w+)\}", value)) for key, value in english.items()}
    languages = i18n.available_languages()
    assert {"en", "es", "ar", "zh"} <= set(languages)
    for language in languages:
        table = json.loads((i18n.LOCALE_DIR / f"{language}.json").read_text(encoding="utf-8"))
        assert set(table) == set(english), language
        for key, value in table.items():
            assert set(re.findall(r"\{(\w+)\}", value)) == fields[key], (language, key)
            assert value.strip(), (language, key)


def test_words_and_dates_follow_the_language() -> None:
    import datetime as dt

    assert i18n.Words("es")("page_x_of_y", page=2, pages=4) == "Página 2 de 4"
    assert i18n.Words("es-MX")("references") == "Referencias"
    assert i18n.Words("es").date(dt.date(2026, 11, 1)) == "1 de noviembre de 2026"
    assert i18n.Words("fr")("references") == "References"  # no catalogue: English


def test_default_titles_follow_the_document_language(minimal_copy: Path) -> None:
    source = loader.load(minimal_copy)
    source.data["document"]["language"] = "es"
    document = validate(source)
    assert document.key_messages is not None
    assert (document.key_messages.title, document.disclaimer.title) == ("Mensajes clave",
                                                                         "Importante")


# ----------------------------------------------------------------------------- glyphs


def test_missing_glyphs_checks_every_shipped_fallback() -> None:
    families = glyphs.text_families("Noto Sans")
    text = "Plasma «ñ» بلازما 血小板 क\u200d🩸 क"
    assert glyphs.missing_glyphs(text, families) == ["क", "🩸"]
    assert glyphs.missing_glyphs("血小板", ["Noto Sans"]) == ["血", "小", "板"]
    assert glyphs.describe("क") == "U+0915 'क' (DEVANAGARI LETTER KA)"


def test_glyph_missing_names_character_and_field(minimal_copy: Path) -> None:
    text = minimal_copy.read_text(encoding="utf-8")
    minimal_copy.write_text(text.replace("title: Questions to ask",
                                         "title: Questions to ask 🩸"), encoding="utf-8")
    report = check_file(minimal_copy)
    (problem,) = [p for p in report.problems if p.rule == "glyph-missing"]
    line = next(i for i, row in enumerate(minimal_copy.read_text().splitlines(), 1)
                if "🩸" in row)
    assert (problem.file, problem.line, problem.yaml_path) == (minimal_copy, line,
                                                                "sections[1].title")
    assert problem.message.startswith("U+1FA78 '🩸' (DROP OF BLOOD): no shipped font")


# ----------------------------------------------------------------------------- stale / missing


def _line(path: Path, *needles: str) -> int:
    """1-based line of the last needle, each needle searched for after the one before."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    for needle in needles:
        index = next(i for i in range(index, len(lines)) if needle in lines[i])
    return index + 1


def test_shipped_translations_are_complete_and_current() -> None:
    for content in (SAMPLE, SCRIPTS):
        report = check_file(content, language="all")
        assert [p for p in report.problems if p.rule.startswith(("translation-", "glyph-"))] \
            == []
    status = stamps.assess_file(SAMPLE, "es")
    assert (len(status.missing), len(status.stale), len(status.unstamped)) == (0, 0, 0)
    assert len(status.translated) > 200


def test_changed_source_makes_translation_stale(sample_copy: Path) -> None:
    text = sample_copy.read_text(encoding="utf-8")
    old = "Plasma is the liquid part of your blood."
    assert old in text
    sample_copy.write_text(text.replace(old, "Plasma is the watery part of your blood."),
                           encoding="utf-8")
    report = check_file(sample_copy, language="es")
    (stale,) = [p for p in report.problems if p.rule == "translation-stale"]
    spanish = sample_copy.with_name("regenerative-therapies.es.yaml")
    assert stale.file == spanish
    assert stale.line == _line(spanish, "sections:", "- id: prp", "body:")
    assert stale.level == "warning" and stale.yaml_path == "sections[3].body"
    assert stale.message.startswith("'sections.prp.body': the source changed after this was "
                                    "translated (source now: “**What it is.** Plasma is the "
                                    "watery part…”)")
    # the English check knows nothing of translations
    assert not [p for p in check_file(sample_copy).problems if p.rule.startswith("translation")]
    # once the translation is updated, stamping marks it current again
    result = stamps.stamp(sample_copy, "es")
    assert result.refreshed == ["sections.prp.body"]
    assert not [p for p in check_file(sample_copy, language="es").problems
                if p.rule == "translation-stale"]


def test_untranslated_text_is_missing(sample_copy: Path) -> None:
    text = sample_copy.read_text(encoding="utf-8")
    point = '      - "See a skin doctor first"\n'
    new_section = ('  - id: diet\n    title: "Food and healing"\n    body: "Eat well while you '
                   'heal; no diet makes these treatments work better."\n'
                   '    key_points: ["Eat well"]\n\n')
    text = text.replace(point, point + '      - "Bring a list of your medicines"\n')
    text = text.replace("  - id: combining-therapies\n", new_section +
                        "  - id: combining-therapies\n")
    sample_copy.write_text(text, encoding="utf-8")
    report = check_file(sample_copy, language="es")
    missing = [p for p in report.problems if p.rule == "translation-missing"]
    assert [(p.file, p.line, p.yaml_path) for p in missing] == [
        (sample_copy, _line(sample_copy, "- id: hair-loss", "Bring a list"),
         "sections[8].key_points[4]"),
        (sample_copy, _line(sample_copy, "- id: diet"), "sections[9]"),
    ]
    assert missing[0].message == (
        "'sections.hair-loss.key_points[4]' is not translated into 'es' (source: “Bring a list "
        f"of your medicines”); add it to {sample_copy.with_name('regenerative-therapies.es.yaml')}")
    assert missing[1].message.startswith("'sections.diet' is not translated into 'es' (3 text "
                                         "fields, starting “Food and healing”)")
    counts = stamps.assess_file(sample_copy, "es")
    assert (len(counts.missing), len(counts.stale)) == (4, 0)


OVERLAY = """\
# Spanish, partly done.
translation: {language: es, source: minimal.yaml}   # the header

document:
  title: PRP en breve   # short
sections:
  - id: what-is-prp
    key_points: [Hecho con su propia sangre]
"""


def test_stamp_rewrites_only_the_header(minimal_copy: Path) -> None:
    spanish = minimal_copy.with_name("minimal.es.yaml")
    spanish.write_bytes(OVERLAY.replace("\n", "\r\n").encode())
    report = check_file(minimal_copy, language="es")
    (never,) = [p for p in report.problems if p.rule == "translation-stale"]
    assert (never.file, never.line) == (spanish, 2)
    assert "has no source_hashes" in never.message

    result = stamps.stamp(minimal_copy, "es")
    assert (result.stamped, result.changed) == (2, True)
    written = spanish.read_bytes().decode()
    head, body = OVERLAY.replace("\n", "\r\n").split("translation: {language: es, source: "
                                                     "minimal.yaml}")
    assert written.startswith(head) and written.endswith(body)  # comments, CRLF kept
    assert "\n" not in written.replace("\r\n", "")
    header = loader.load(spanish).data["translation"]
    assert header["source_hashes"] == {
        "document.title": stamps.text_hash("PRP in brief"),
        "sections.what-is-prp.key_points[0]": stamps.text_hash("Made from your own blood"),
    }
    assert not stamps.stamp(minimal_copy, "es").changed  # idempotent
    rules = {p.rule for p in check_file(minimal_copy, language="es").problems}
    assert "translation-stale" not in rules and "translation-missing" in rules


def test_translation_header_is_checked(minimal_copy: Path) -> None:
    spanish = minimal_copy.with_name("minimal.es.yaml")
    spanish.write_text(OVERLAY.replace("source: minimal.yaml", "source: minimal.yaml, "
                                       "sorce_hashes: {}"), encoding="utf-8")
    report = check_file(minimal_copy, language="es")
    assert report.exit_code == 2
    assert [p.message for p in report.problems] == [
        "unknown key 'sorce_hashes' in the translation header; expected one of: language, "
        "source, source_hashes"]


CHECK_FIXTURES = FIXTURES / "i18n" / "checks"


@pytest.mark.parametrize(("rule_id", "reported_in", "marker"), [
    ("glyph-missing", "glyph-missing.yaml", "🩸"),
    ("translation-missing", "translation-missing.yaml", "notes: Explain"),
    ("translation-stale", "translation-stale.es.yaml", "text: El PRP no"),
])
def test_rule_fixture_trips_only_its_rule(rule_id: str, reported_in: str, marker: str) -> None:
    content = CHECK_FIXTURES / f"{rule_id}.yaml"
    report = check_file(content, language="all", strict=True)
    (problem,) = report.problems
    assert (problem.rule, problem.level, report.exit_code) == (rule_id, "warning", 1)
    assert problem.file == CHECK_FIXTURES / reported_in
    assert problem.line == _line(CHECK_FIXTURES / reported_in, marker)
    assert check_file(content, language="all").exit_code == 0


# ----------------------------------------------------------------------------- reading grade


def test_reading_grade_uses_the_spanish_formula(sample_copy: Path) -> None:
    text = sample_copy.read_text(encoding="utf-8")
    sample_copy.write_text(text.replace("  reading_grade: 8\n", "  reading_grade: 3\n"),
                           encoding="utf-8")
    spanish = [p for p in check_file(sample_copy, language="es").problems
               if p.rule == "reading-grade"]
    english = [p for p in check_file(sample_copy).problems if p.rule == "reading-grade"]
    assert spanish and all("Fernández Huerta" in p.message for p in spanish)
    assert all(p.file.name == "regenerative-therapies.es.yaml" for p in spanish)
    assert english and all("Flesch-Kincaid" in p.message for p in english)
    formula = formula_for("es-MX")
    assert formula is not None and formula.name == "Fernández Huerta"


# ----------------------------------------------------------------------------- command line


def test_cli_builds_every_language_and_reports_status(minimal_copy: Path) -> None:
    spanish = minimal_copy.with_name("minimal.es.yaml")
    spanish.write_text(OVERLAY, encoding="utf-8")
    runner = CliRunner()
    out = minimal_copy.parent / "out"
    result = runner.invoke(main, ["build", str(minimal_copy), "--lang", "all", "--out",
                                  str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "minimal.es.pdf", "minimal.es.pptx", "minimal.pdf", "minimal.pptx"]
    text = pdf_text(out / "minimal.es.pdf")
    assert "Preguntas para su médico" in text and "Página 1 de" in text
    assert pdf_lang(out / "minimal.es.pdf") == "es"

    status = runner.invoke(main, ["translate", "status", str(minimal_copy)])
    assert status.exit_code == 0, status.output
    assert re.fullmatch(r"es  \S*minimal\.es\.yaml: 2 translated, \d+ missing, 0 stale, never "
                        r"stamped\n", status.output)
    stamped = runner.invoke(main, ["translate", "stamp", "--lang", "es", str(minimal_copy)])
    assert stamped.exit_code == 0 and "stamped 2 fields" in stamped.output
    check = runner.invoke(main, ["check", str(minimal_copy), "--lang", "all"])
    assert "[translation-missing]" in check.output and "[translation-stale]" not in check.output


def test_cli_names_unknown_languages(minimal_copy: Path) -> None:
    result = CliRunner().invoke(main, ["translate", "status", "--lang", "fr", str(minimal_copy)])
    assert result.exit_code == 2
    assert "no translation into 'fr' (available: en)" in result.output


def test_sibling_translations_are_found(tmp_path: Path) -> None:
    folder = tmp_path / "scripts"
    shutil.copytree(SCRIPTS.parent, folder)
    assert translate.available(folder / SCRIPTS.name) == ["ar", "zh"]
