"""Spanish: quotes, reading grade, and the word lists of the wording rules."""

from builder.languages import Hype, LanguageFacts, Wording

NEGATORS = frozenset({
    "no", "nunca", "sin", "ni", "ningún", "ninguna", "ninguno", "tampoco", "nada", "nadie",
    "jamás",
})
REPORTING = frozenset({
    "promete", "prometen", "prometer", "anuncian", "anuncios", "anuncio", "dicen", "llamado",
    "llamada", "supuesto", "supuesta", "cuidado", "desconfíe",
})
HYPE = (
    Hype("probado", r"(?:científicamente\s+)?(?:probad|comprobad)[oa]s?"),
    Hype("cura", r"curas?|cura\s+definitiva"),
    Hype("garantizado", r"garantizad[oa]s?|garantía\s+de"),
    Hype("milagro", r"milagros?|milagros[oa]s?"),
    Hype("revolucionario", r"revolucionari[oa]s?"),
    Hype("sin efectos secundarios", r"sin\s+(?:\w+\s+)?efectos\s+secundarios", negative=True),
    Hype("sin riesgos", r"sin\s+riesgos?|libre\s+de\s+riesgos?", negative=True),
    Hype("100% seguro", r"100\s?%\s+segur[oa]s?"),
    Hype("antienvejecimiento", r"anti[\s-]?envejecimiento"),
    Hype("fuente de la juventud", r"fuente\s+de\s+(?:la\s+)?juventud"),
    Hype("aprobado por la FDA", r"aprobad[oa]s?\s+por\s+la\s+FDA", fda=True),
)
BENEFIT = (
    r"(?<![\w-])(?:ayuda(?:n|ría|rían)?|puede[n]?\s+ayudar|cura[n]?|sana[n]?|mejora[n]?"
    r"|repara[n]?|regenera[n]?|restaura[n]?|eficaz|eficaces|efectiv[oa]s?"
    r"|alivia[n]?|reduce[n]?\s+(?:el\s+)?(?:dolor|hinchazón|inflamación)|rejuvenec\w*)(?!\w)"
)
DISCLAIMER = (r"aprob|FDA|regul|autoriz|médic|doctor|profesional de (?:la )?salud"
              r"|consejo médico")

FACTS = LanguageFacts(
    code="es",
    name="Spanish",
    quotes="«»“”",
    reading_formula="fernandez-huerta",
    wording=Wording(negators=NEGATORS, reporting=REPORTING, clause_breaks=("pero", "sino"),
                    hype=HYPE, benefit=BENEFIT, disclaimer=DISCLAIMER),
)
