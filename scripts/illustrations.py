"""Draw the sample's illustrations (data/images/*.svg), one file per language.

Each drawing is made once; only its words change between languages. Labels are few and large:
every label is at least `MIN_LABEL` units high in an 800-unit-wide drawing (4.25 % of the
width), so the figure prints at >= 10 pt at half the handout's column (87 mm) or on a tri-fold
panel, and at >= 18 pt on a slide where the picture is at least 5.9 in wide. Every label's width
is measured with the shipped Noto Sans and must fit the room the drawing gives it: the script
stops otherwise. Run it after changing a drawing or a word:

    .venv/bin/python scripts/illustrations.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "images"
FONTS = ROOT / "builder" / "fonts"
WIDTH = 800
MIN_LABEL = 34
FAMILY = "'Noto Sans', sans-serif"

PRIMARY, SECONDARY, ACCENT = "#17506b", "#2a8c82", "#e39b3b"
TEXT, PANEL, DARK_ORANGE = "#1c2a33", "#e8f2f3", "#8a4b0f"

WORDS: dict[str, dict[str, object]] = {
    "en": {
        "prp.title": "How PRP is made",
        "prp.desc": "Three steps: blood is drawn from an arm, spun in a tube that separates into "
                    "red cells, a thin platelet-rich layer and plasma, then the platelet-rich "
                    "part is injected into a knee.",
        "prp.steps": ["Draw blood", "Spin", "Inject"],
        "prp.under": [["From your", "arm"], ["Blood splits", "into layers"], ["Into the", "knee"]],
        "prp.layers": [["Plasma"], ["Platelets"], ["Red cells"]],
        "exo.title": "Exosomes carry signals between cells",
        "exo.desc": "A large cell releases tiny round bubbles called exosomes. They travel to a "
                    "neighbouring cell. A close-up shows one bubble carrying proteins, fats and "
                    "genetic messages.",
        "exo.name": "Exosomes",
        "exo.what": ["carry signals"],
        "exo.cell": "Cell",
        "exo.other": "Nearby cell",
        "stem.title": "What stem cells can do",
        "stem.desc": "A stem cell makes a copy of itself, and arrows show it turning into three "
                     "kinds of specialised cell: a bone cell, a cartilage cell and a fat cell.",
        "stem.name": "Stem cell",
        "stem.copy": ["Makes a copy", "of itself"],
        "stem.kinds": [["Bone cell"], ["Cartilage", "cell"], ["Fat cell"]],
        "knee.title": "Knee arthritis grades I to IV",
        "knee.desc": "Four simple drawings of a knee joint, grade I to grade IV. From left to "
                     "right the cartilage gets thinner, the gap between the bones narrows, and "
                     "bony spurs grow.",
        "knee.grades": ["Grade I", "Grade II", "Grade III", "Grade IV"],
        "knee.words": ["Doubtful", "Mild", "Moderate", "Severe"],
        "knee.legend": "Cartilage",
        "knee.spur": "Bone spur",
        "trial.title": "Check a trial: the FDA letter, not a web listing",
        "trial.desc": "A letter from the FDA showing an IND number, with a green tick and the "
                      "word Ask; beside it a web page listing, crossed out, with the words Not "
                      "proof.",
        "trial.ask": "Ask",
        "trial.not": ["Not", "proof"],
    },
    "es": {
        "prp.title": "Cómo se hace el PRP",
        "prp.desc": "Tres pasos: se saca sangre de un brazo; se centrifuga un tubo y la sangre "
                    "se separa en glóbulos rojos, una capa delgada rica en plaquetas y plasma; "
                    "la parte rica en plaquetas se inyecta en una rodilla.",
        "prp.steps": ["Extracción", "Separación", "Inyección"],
        "prp.under": [["Sangre de", "su brazo"], ["Se separa", "en capas"], ["En la", "rodilla"]],
        "prp.layers": [["Plasma"], ["Plaquetas"], ["Glóbulos", "rojos"]],
        "exo.title": "Los exosomas llevan señales entre células",
        "exo.desc": "Una célula grande suelta burbujas diminutas llamadas exosomas, que viajan "
                    "hacia una célula vecina. Una vista ampliada muestra una burbuja que lleva "
                    "proteínas, grasas y mensajes genéticos.",
        "exo.name": "Exosomas",
        "exo.what": ["llevan", "señales"],
        "exo.cell": "Célula",
        "exo.other": "Célula vecina",
        "stem.title": "Lo que pueden hacer las células madre",
        "stem.desc": "Una célula madre hace una copia de sí misma, y unas flechas muestran cómo "
                     "se convierte en tres tipos de células: de hueso, de cartílago y de grasa.",
        "stem.name": "Célula madre",
        "stem.copy": ["Se copia a", "sí misma"],
        "stem.kinds": [["Célula", "de hueso"], ["Célula de", "cartílago"], ["Célula", "de grasa"]],
        "knee.title": "Grados I a IV de la artrosis de rodilla",
        "knee.desc": "Cuatro dibujos sencillos de una rodilla, del grado I al grado IV. De "
                     "izquierda a derecha, el cartílago se adelgaza, el espacio entre los huesos "
                     "se estrecha y crecen espolones de hueso.",
        "knee.grades": ["Grado I", "Grado II", "Grado III", "Grado IV"],
        "knee.words": ["Dudoso", "Leve", "Moderado", "Grave"],
        "knee.legend": "Cartílago",
        "knee.spur": "Espolón",
        "trial.title": "Revisar un ensayo: la carta de la FDA, no una página web",
        "trial.desc": "Una carta de la FDA con un número IND, una marca verde y la palabra "
                      "Pida; al lado, una página web tachada con las palabras No es prueba.",
        "trial.ask": "Pida",
        "trial.not": ["No es", "prueba"],
    },
}


# ------------------------------------------------------------------------------ text


_FONT_CACHE: dict[tuple[bool, int], ImageFont.FreeTypeFont] = {}


def text_width(text: str, size: int, bold: bool = False) -> float:
    """Advance width in drawing units, measured with the shipped font."""
    key = (bold, size)
    if key not in _FONT_CACHE:
        name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
        _FONT_CACHE[key] = ImageFont.truetype(str(FONTS / name), size)
    return _FONT_CACHE[key].getlength(text)


def label(lines: list[str] | str, x: float, y: float, *, room: float, size: int = MIN_LABEL,
          bold: bool = False, fill: str = TEXT, anchor: str = "middle") -> str:
    """A one- or more-line label, refused (SystemExit) when a line is wider than `room`."""
    lines = [lines] if isinstance(lines, str) else lines
    assert size >= MIN_LABEL, size
    for line in lines:
        width = text_width(line, size, bold)
        if width > room:
            raise SystemExit(f"label {line!r} is {width:.0f} units wide; it has {room:.0f}")
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(f'<tspan x="{x:g}" y="{y + i * size * 1.15:g}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text font-family="{FAMILY}" font-size="{size}"{weight} fill="{fill}" '
            f'text-anchor="{anchor}">{spans}</text>')


def svg(height: int, title: str, desc: str, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="title desc">\n'
            f'  <title id="title">{escape(title)}</title>\n'
            f'  <desc id="desc">{escape(desc)}</desc>\n{body}\n</svg>\n')


# ------------------------------------------------------------------------------ drawings


def prp(words: dict) -> str:
    height = 520
    panels = [(10, 240), (280, 240), (550, 240)]
    parts = []
    for (x, w), step, under in zip(panels, words["prp.steps"], words["prp.under"], strict=True):
        cx = x + w / 2
        parts.append(f'<rect x="{x}" y="10" width="{w}" height="{height - 20}" rx="22" '
                     f'fill="{PANEL}"/>')
        number = panels.index((x, w)) + 1
        parts.append(f'<circle cx="{cx:g}" cy="58" r="27" fill="{PRIMARY}"/>')
        parts.append(label(str(number), cx, 70, room=48, bold=True, fill="#ffffff"))
        parts.append(label(step, cx, 130, room=w - 16, bold=True, fill=PRIMARY))
        parts.append(label(under, cx, 446, room=w - 16))
    for gap in (265, 535):  # arrows between the steps
        parts.append(f'<path d="M{gap - 11},262 l16,18 l-16,18 z" fill="{ACCENT}"/>')
    # step 1: arm, vein, tourniquet and syringe
    parts.append('<g transform="translate(6,110)">'
                 '<path d="M8,250 C60,236 150,232 204,240 C226,243 238,252 238,266 '
                 'C238,280 226,289 204,292 C150,300 60,298 8,286 z" fill="#f2c9a5"/>'
                 '<ellipse cx="222" cy="266" rx="16" ry="22" fill="#eab98f"/>'
                 '<path d="M14,268 C80,262 120,266 170,262 C190,260 204,262 212,265" '
                 'fill="none" stroke="#7fa7c2" stroke-width="4" stroke-linecap="round"/>'
                 f'<rect x="44" y="236" width="18" height="64" rx="5" fill="{SECONDARY}"/>'
                 '<g transform="rotate(28 138 262)">'
                 '<line x1="138" y1="262" x2="138" y2="214" stroke="#6b7a85" stroke-width="3"/>'
                 f'<rect x="124" y="110" width="28" height="104" rx="6" fill="#ffffff" '
                 f'stroke="{PRIMARY}" stroke-width="3"/>'
                 '<rect x="127" y="150" width="22" height="61" rx="3" fill="#c8504a"/>'
                 f'<rect x="132" y="86" width="12" height="26" fill="{PRIMARY}"/>'
                 f'<rect x="118" y="80" width="40" height="9" rx="3" fill="{PRIMARY}"/>'
                 '</g></g>')
    # step 2: a tube in three layers, each named beside it
    tube_x, tube_w, top, bottom = 286, 38, 168, 400
    parts.append(f'<rect x="{tube_x - 6}" y="{top - 14}" width="{tube_w + 12}" height="18" '
                 f'rx="4" fill="{PRIMARY}"/>')
    parts.append(f'<path d="M{tube_x},{top} h{tube_w} v{bottom - top - tube_w / 2} '
                 f'a{tube_w / 2},{tube_w / 2} 0 0 1 -{tube_w},0 z" fill="#ffffff" '
                 f'stroke="{PRIMARY}" stroke-width="4"/>')
    inner = tube_w - 6
    layers = [(top + 16, 96, "#f3d27a"), (top + 112, 26, "#f8e7b0"),
              (top + 138, bottom - top - 138 - 2, "#c8504a")]
    for y, h, colour in layers:
        parts.append(f'<rect x="{tube_x + 3}" y="{y}" width="{inner}" height="{h}" '
                     f'fill="{colour}"/>')
    parts.append(f'<path d="M{tube_x + 3},{bottom - 2} a{inner / 2},{inner / 2} 0 0 0 {inner},0 '
                 'z" fill="#c8504a"/>')
    parts.append('<g fill="#e39b3b">' + "".join(
        f'<circle cx="{tube_x + dx}" cy="{top + 125 + dy}" r="3.5"/>'
        for dx, dy in ((9, -4), (19, 5), (29, -3))) + "</g>")
    start = tube_x + tube_w + 16
    room = 280 + 240 - start - 6
    for (y, h, _), words_ in zip(layers, words["prp.layers"], strict=True):
        middle = y + h / 2
        first = middle + 12 - (len(words_) - 1) * MIN_LABEL * 0.575
        parts.append(f'<line x1="{tube_x + tube_w + 2}" y1="{middle:g}" x2="{start - 3}" '
                     f'y2="{middle:g}" stroke="{PRIMARY}" stroke-width="2"/>')
        parts.append(label(words_, start, first, room=room, anchor="start",
                           bold=words_ is words["prp.layers"][1]))
    # step 3: knee joint and syringe
    parts.append('<g transform="translate(-6,0)">'
                 '<path d="M613,168 h54 v74 c22,8 36,26 36,46 c0,18 -14,22 -30,22 '
                 'c-14,0 -22,-8 -33,-8 c-11,0 -19,8 -33,8 c-16,0 -30,-4 -30,-22 '
                 'c0,-20 14,-38 36,-46 z" fill="#f7f1e3" stroke="#b9a98a" stroke-width="3"/>'
                 '<path d="M583,334 c0,-6 8,-10 18,-10 h78 c10,0 18,4 18,10 c0,12 -12,24 -30,28 '
                 'v56 h-54 v-56 c-18,-4 -30,-16 -30,-28 z" fill="#f7f1e3" stroke="#b9a98a" '
                 'stroke-width="3"/>'
                 f'<path d="M581,300 c4,10 12,14 22,14 c12,0 20,-8 37,-8 c17,0 25,8 37,8 '
                 f'c10,0 18,-4 22,-14" fill="none" stroke="{SECONDARY}" stroke-width="7" '
                 'stroke-linecap="round"/>'
                 f'<path d="M592,326 h96" stroke="{SECONDARY}" stroke-width="7" '
                 'stroke-linecap="round"/>'
                 '<g transform="rotate(32 700 318)">'
                 '<line x1="700" y1="318" x2="700" y2="280" stroke="#6b7a85" stroke-width="3"/>'
                 f'<rect x="688" y="190" width="24" height="90" rx="5" fill="#ffffff" '
                 f'stroke="{PRIMARY}" stroke-width="3"/>'
                 '<rect x="691" y="226" width="18" height="51" rx="3" fill="#f3d27a"/>'
                 f'<rect x="695" y="168" width="10" height="24" fill="{PRIMARY}"/>'
                 f'<rect x="683" y="162" width="34" height="8" rx="3" fill="{PRIMARY}"/>'
                 '</g><circle cx="700" cy="318" r="6" fill="#e39b3b"/></g>')
    return svg(height, str(words["prp.title"]), str(words["prp.desc"]), "\n".join(parts))


def exosomes(words: dict) -> str:
    height = 500
    parts = [f'<rect x="0" y="0" width="{WIDTH}" height="{height}" rx="24" fill="{PANEL}"/>']
    parts.append('<g transform="translate(-20,10) scale(0.92)">'
                 '<path d="M200,112 C280,104 350,160 352,244 C354,330 300,402 208,404 '
                 'C118,406 62,340 60,256 C58,170 122,118 200,112 z" fill="#cfe8e5" '
                 f'stroke="{SECONDARY}" stroke-width="5"/>'
                 f'<circle cx="178" cy="272" r="52" fill="#9fd0c9" stroke="{SECONDARY}" '
                 'stroke-width="3"/>'
                 f'<circle cx="262" cy="190" r="34" fill="#e3f2f0" stroke="{SECONDARY}" '
                 'stroke-width="3"/>'
                 '<g fill="#e39b3b" stroke="#b8741c" stroke-width="1.5">'
                 '<circle cx="250" cy="180" r="7"/><circle cx="270" cy="176" r="7"/>'
                 '<circle cx="258" cy="198" r="7"/><circle cx="278" cy="196" r="7"/>'
                 '</g></g>')
    parts.append('<g transform="translate(70,20) scale(0.92)">'
                 '<path d="M640,168 C712,170 760,226 758,304 C756,380 700,430 630,428 '
                 f'C558,426 526,372 530,298 C534,222 572,166 640,168 z" fill="#d8e7f1" '
                 f'stroke="{PRIMARY}" stroke-width="5"/>'
                 f'<circle cx="656" cy="312" r="44" fill="#b4cfe2" stroke="{PRIMARY}" '
                 'stroke-width="3"/>'
                 f'<g stroke="{PRIMARY}" stroke-width="3.5" stroke-linecap="round" fill="none">'
                 '<path d="M534,252 q-14,10 0,22"/><path d="M531,290 q-14,10 0,22"/></g></g>')
    # bubbles in transit along a dotted path, and a close-up of one of them
    parts.append(f'<path d="M305,238 C380,200 460,205 555,255" fill="none" stroke="{PRIMARY}" '
                 'stroke-width="2.5" stroke-dasharray="2 9" stroke-linecap="round"/>')
    parts.append('<g fill="#e39b3b" stroke="#b8741c" stroke-width="2">' + "".join(
        f'<circle cx="{x}" cy="{y}" r="10"/>' for x, y in
        ((310, 236), (352, 214), (398, 204), (446, 206), (494, 222), (540, 246))) + "</g>")
    parts.append(f'<line x1="398" y1="194" x2="398" y2="166" stroke="{PRIMARY}" '
                 'stroke-width="2"/>')
    parts.append(f'<circle cx="398" cy="104" r="62" fill="#ffffff" stroke="{PRIMARY}" '
                 'stroke-width="3"/>'
                 '<circle cx="398" cy="104" r="42" fill="#fdf1dc" stroke="#e39b3b" '
                 'stroke-width="7"/>'
                 f'<g fill="{PRIMARY}"><circle cx="382" cy="88" r="5"/>'
                 '<circle cx="410" cy="84" r="4"/><circle cx="418" cy="112" r="5"/>'
                 '<rect x="376" y="110" width="9" height="9" rx="2"/></g>'
                 '<path d="M380,102 c6,-8 10,8 16,0 c6,-8 10,8 16,0" fill="none" '
                 'stroke="#c8504a" stroke-width="3" stroke-linecap="round"/>')
    what = words["exo.what"]
    parts.append(label(str(words["exo.name"]), 410, 300, room=250, bold=True,
                       fill=DARK_ORANGE))
    parts.append(label(what, 410, 342, room=250))
    parts.append(label(str(words["exo.cell"]), 170, 470, room=300, bold=True, fill=PRIMARY))
    parts.append(label(str(words["exo.other"]), 640, 470, room=300, bold=True, fill=PRIMARY))
    return svg(height, str(words["exo.title"]), str(words["exo.desc"]), "\n".join(parts))


def stem_cells(words: dict) -> str:
    height = 520
    parts = [f'<rect x="0" y="0" width="{WIDTH}" height="{height}" rx="24" fill="{PANEL}"/>']
    parts.append(label(str(words["stem.name"]), 150, 62, room=280, bold=True, fill=PRIMARY))
    parts.append(f'<circle cx="150" cy="190" r="82" fill="#d2ebe7" stroke="{SECONDARY}" '
                 'stroke-width="6"/>'
                 f'<circle cx="150" cy="190" r="40" fill="#a6d6cf" stroke="{SECONDARY}" '
                 'stroke-width="3"/><circle cx="162" cy="180" r="9" fill="#5aa79d"/>')
    parts.append('<g fill="none" stroke="#e39b3b" stroke-width="7" stroke-linecap="round">'
                 '<path d="M236,150 C300,100 370,86 430,90"/>'
                 '<path d="M240,200 C300,212 370,222 430,226"/>'
                 '<path d="M222,246 C290,320 360,350 430,360"/>'
                 '<path d="M100,262 C74,300 74,340 100,370"/></g>'
                 '<g fill="#e39b3b"><path d="M424,74 l26,16 l-26,16 z"/>'
                 '<path d="M424,210 l26,16 l-26,16 z"/><path d="M424,344 l26,16 l-26,16 z"/>'
                 '<path d="M84,366 l26,16 l4,-30 z"/></g>')
    # the copy of itself, below the stem cell
    parts.append(f'<circle cx="150" cy="430" r="56" fill="#d2ebe7" stroke="{SECONDARY}" '
                 'stroke-width="5"/>'
                 f'<circle cx="150" cy="430" r="26" fill="#a6d6cf" stroke="{SECONDARY}" '
                 'stroke-width="3"/>')
    parts.append(label(words["stem.copy"], 222, 420, room=230, anchor="start"))
    # three kinds of cell, each with its name
    parts.append('<g transform="translate(468,52)">'
                 '<g stroke="#b9a98a" stroke-width="5" stroke-linecap="round" fill="none">'
                 '<path d="M24,38 l-16,-18"/><path d="M70,30 l10,-22"/><path d="M82,46 l24,-4"/>'
                 '<path d="M26,66 l-18,14"/><path d="M74,72 l18,14"/></g>'
                 '<ellipse cx="50" cy="52" rx="36" ry="26" fill="#f7f1e3" stroke="#b9a98a" '
                 'stroke-width="4"/><ellipse cx="50" cy="52" rx="14" ry="10" fill="#dccba6"/>'
                 '</g>')
    parts.append('<g transform="translate(468,190)">'
                 '<rect x="4" y="0" width="92" height="72" rx="12" fill="#d8e7f1" '
                 'stroke="#7fa7c2" stroke-width="3"/>'
                 f'<ellipse cx="50" cy="36" rx="30" ry="22" fill="#a9c7dd" stroke="{PRIMARY}" '
                 f'stroke-width="4"/><circle cx="52" cy="36" r="9" fill="{PRIMARY}"/></g>')
    parts.append('<g transform="translate(468,318)">'
                 '<circle cx="50" cy="42" r="44" fill="#fdebc8" stroke="#e39b3b" '
                 'stroke-width="4"/><path d="M22,28 q-8,22 6,40" fill="none" stroke="#b8741c" '
                 'stroke-width="6" stroke-linecap="round"/></g>')
    for (kind, middle) in zip(words["stem.kinds"], (104, 226, 360), strict=True):
        first = middle + 12 - (len(kind) - 1) * MIN_LABEL * 0.575
        parts.append(label(kind, 582, first, room=WIDTH - 582 - 10, bold=True, fill=PRIMARY,
                           anchor="start"))
    return svg(height, str(words["stem.title"]), str(words["stem.desc"]), "\n".join(parts))


def knee(words: dict) -> str:
    height = 520
    parts = [f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>']
    joint_grades = [(8, 8, 1.0, 0), (6, 7, 0.8, 6), (4, 4, 0.55, 12), (2.5, 2.5, 0.2, 18)]
    for index, (grade, word, (layer, _w, keep, spur)) in enumerate(
            zip(words["knee.grades"], words["knee.words"], joint_grades, strict=True)):
        x = 8 + index * 198
        cx = x + 91
        parts.append(f'<rect x="{x}" y="8" width="182" height="{height - 96}" rx="20" '
                     f'fill="{PANEL}"/>')
        parts.append(label(grade, cx, 56, room=174, bold=True, fill=PRIMARY))
        parts.append(label(word, cx, 98, room=174))
        gap = 20 * keep + 6
        femur_bottom = 290 - gap / 2
        tibia_top = 290 + gap / 2
        parts.append(f'<path d="M{cx - 22},122 h44 V{femur_bottom - 50} c14,8 26,22 26,36 '
                     f'c0,14 -10,14 -22,14 c-10,0 -16,-4 -26,-4 c-10,0 -16,4 -26,4 '
                     f'c-12,0 -22,0 -22,-14 c0,-14 12,-28 26,-36 z" fill="#f7f1e3" '
                     'stroke="#b9a98a" stroke-width="3"/>')
        parts.append(f'<path d="M{cx - 46},{tibia_top + 6} c0,-6 6,-8 14,-8 h64 c8,0 14,2 14,8 '
                     f'c0,10 -10,22 -24,26 V{height - 110} h-44 V{tibia_top + 32} '
                     f'c-14,-4 -24,-16 -24,-26 z" fill="#f7f1e3" stroke="#b9a98a" '
                     'stroke-width="3"/>')
        dash = "" if keep > 0.9 else f' stroke-dasharray="{10 * keep + 3:g} {9 - 6 * keep:g}"'
        parts.append(f'<path d="M{cx - 44},{femur_bottom - 4} h88" stroke="{SECONDARY}" '
                     f'stroke-width="{layer:g}" stroke-linecap="round"{dash}/>')
        parts.append(f'<path d="M{cx - 40},{tibia_top + 2} h80" stroke="{SECONDARY}" '
                     f'stroke-width="{layer:g}" stroke-linecap="round"{dash}/>')
        if spur:
            for side in (-1, 1):
                tip = cx + side * (48 + spur)
                parts.append(f'<path d="M{cx + side * 44},{tibia_top - 2} '
                             f'L{tip},{tibia_top - 4 - spur / 2} '
                             f'L{cx + side * 42},{tibia_top + 10} z" fill="#f7f1e3" '
                             'stroke="#b9a98a" stroke-width="2.5" stroke-linejoin="round"/>')
    legend_y = height - 40
    parts.append(f'<path d="M40,{legend_y - 12} h60" stroke="{SECONDARY}" stroke-width="8" '
                 'stroke-linecap="round"/>')
    parts.append(label(str(words["knee.legend"]), 116, legend_y, room=260, anchor="start"))
    parts.append(f'<path d="M430,{legend_y - 4} L470,{legend_y - 22} L446,{legend_y + 4} z" '
                 'fill="#f7f1e3" stroke="#b9a98a" stroke-width="3" stroke-linejoin="round"/>')
    parts.append(label(str(words["knee.spur"]), 486, legend_y, room=300, anchor="start"))
    return svg(height, str(words["knee.title"]), str(words["knee.desc"]), "\n".join(parts))


def trial_check(words: dict) -> str:
    """The FDA's letter with its IND number (ask for it) beside a web listing (not proof)."""
    height = 500
    parts = [f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
             f'<rect x="30" y="20" width="350" height="460" rx="20" fill="{PANEL}"/>',
             f'<rect x="75" y="50" width="260" height="300" rx="8" fill="#ffffff" '
             f'stroke="{PRIMARY}" stroke-width="5"/>',
             label("FDA", 205, 118, room=220, size=58, bold=True, fill=PRIMARY),
             f'<rect x="100" y="150" width="210" height="90" rx="10" fill="#fdf3e1" '
             f'stroke="{ACCENT}" stroke-width="5"/>',
             label("IND", 205, 214, room=190, size=58, bold=True),
             '<rect x="100" y="270" width="210" height="12" rx="6" fill="#b9c9d2"/>',
             '<rect x="100" y="298" width="160" height="12" rx="6" fill="#b9c9d2"/>',
             f'<circle cx="318" cy="342" r="46" fill="{SECONDARY}"/>',
             '<path d="M295,342 l16,17 l31,-35" fill="none" stroke="#ffffff" '
             'stroke-width="11" stroke-linecap="round" stroke-linejoin="round"/>',
             label(str(words["trial.ask"]), 205, 448, room=320, size=52, bold=True,
                   fill=PRIMARY),
             '<rect x="420" y="20" width="350" height="460" rx="20" fill="#f6ece9"/>',
             '<rect x="455" y="50" width="280" height="230" rx="10" fill="#ffffff" '
             'stroke="#8a8f94" stroke-width="5"/>',
             '<rect x="455" y="50" width="280" height="40" rx="10" fill="#d5d9dc"/>',
             '<rect x="480" y="120" width="230" height="16" rx="8" fill="#c5cbd0"/>',
             '<rect x="480" y="156" width="190" height="12" rx="6" fill="#dde1e4"/>',
             '<rect x="480" y="184" width="210" height="12" rx="6" fill="#dde1e4"/>',
             '<rect x="480" y="220" width="120" height="36" rx="8" fill="#dde1e4"/>',
             '<path d="M470,70 L720,265 M720,70 L470,265" stroke="#a8321f" '
             'stroke-width="14" stroke-linecap="round"/>',
             label(list(words["trial.not"]), 595, 366, room=320, size=52, bold=True,
                   fill="#a8321f")]
    return svg(height, str(words["trial.title"]), str(words["trial.desc"]), "\n".join(parts))


LOGO = "\n".join([
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 140" width="400" height="140" '
    'role="img" aria-labelledby="title">',
    '  <title id="title">Riverside Orthopaedic &amp; Sports Clinic</title>',
    f'  <circle cx="70" cy="70" r="58" fill="{PRIMARY}"/>',
    '  <rect x="56" y="20" width="28" height="70" rx="6" fill="#ffffff"/>',
    '  <rect x="35" y="41" width="70" height="28" rx="6" fill="#ffffff"/>',
    '  <clipPath id="markclip"><circle cx="70" cy="70" r="58"/></clipPath>',
    '  <g clip-path="url(#markclip)">',
    f'    <path d="M8,100 C30,88 46,88 70,100 C94,112 110,112 132,100 V140 H8 z" '
    f'fill="{SECONDARY}"/>',
    '    <path d="M8,100 C30,88 46,88 70,100 C94,112 110,112 132,100" fill="none" '
    'stroke="#ffffff" stroke-width="5" stroke-linecap="round"/>',
    f'    <path d="M16,118 C34,110 48,110 70,119 C92,128 106,128 126,119" fill="none" '
    f'stroke="{ACCENT}" stroke-width="5" stroke-linecap="round"/>',
    '  </g>',
    f'  <text x="146" y="86" font-family="{FAMILY}" font-size="50" font-weight="bold" '
    f'fill="{PRIMARY}">Riverside</text>',
    "</svg>",
    "",
])
"""The clinic's mark and name; the full name is printed beside it as text."""

DRAWINGS = {"prp": prp, "exosomes": exosomes, "stem-cells": stem_cells, "knee": knee,
            "check-trial": trial_check}


def main() -> int:
    for name, draw in DRAWINGS.items():
        for language, words in WORDS.items():
            suffix = "" if language == "en" else f".{language}"
            (OUT / f"{name}{suffix}.svg").write_text(draw(words), encoding="utf-8")
    (OUT / "logo.svg").write_text(LOGO, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
