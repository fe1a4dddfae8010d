"""Spanish: quotes, reading grade, and the word lists of the wording rules."""

from builder.languages import Hype, LanguageFacts, PatientWording, Wording

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

_COUNT = r"(?:\d[\d,.]*|un[oa]?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)"
_BASE = r"(?:\d[\d,.]*|diez|veinte|cincuenta|cien|mil)"
PATIENT = PatientWording(
    hedged_approval=(r"\b(?:la\s+mayor[ií]a|mayormente|en\s+su\s+mayor[ií]a|muchos|muchas|"
                     r"en\s+general|casi\s+todos|casi\s+todas|sobre\s+todo)\b(?:\s+[\w'’-]+)"
                     r"{0,8}?\s+(?:no\s+(?:[\w]+\s+){0,3}aprobad[oa]s?|sin\s+aprobar)\b"),
    study_hedge=(r"\b(?:algunos|pequeños|primeros|varios|ciertos|otros)\s+(?:\w+\s+)?"
                 r"(?:estudios|ensayos|trabajos|informes)\s+(?:sugieren|muestran|indican|"
                 r"apuntan|encontraron|informan)\b|\b(?:la\s+)?(?:investigación|evidencia)\s+"
                 r"(?:sugiere|indica)\b"),
    trial_claim=(r"\bensayo\s+(?:clínico\s+)?registrado|clinicaltrials\.gov|registrad[oa]s?\s+"
                 r"(?:ante|en)\s+la\s+FDA|número\s+(?:de(?:l)?\s+)?(?:ensayo|registro)|"
                 r"\bNCT\s?\d{8}\b"),
    ind=r"\bIND\b|nuevo\s+fármaco\s+en\s+investigación",
    percent=r"\d+(?:[.,]\d+)?\s?%|\b\d+(?:[.,]\d+)?\s+por\s+ciento\b",
    ratio=(r"\b\d+(?:[.,]\d+)?\s*(?:x|×)(?!\w)|\b(?:\d+(?:[.,]\d+)?|dos|tres|cuatro|cinco|seis|"
           r"siete|ocho|nueve|diez)\s+veces\s+(?:más|menos|mayor|menor)\b"),
    denominator=rf"\b{_COUNT}\s+(?:\w+\s+)?de\s+(?:cada\s+)?{_BASE}\b",
    explained_after=(r"^\s*(?:\((?P<paren>[^)]*)\)|,?\s+(?:es|son|significa|quiere\s+decir|"
                     r"o\s+sea)\b|,\s+(?:que|un|una|el|la|los|las)\s|:\s|\s+[-–—]\s)"),
    explained_before=(r"(?:llamad[oa]s?|conocid[oa]s?\s+como|denominad[oa]s?|se\s+llaman?)\s+"
                      r"(?:una?\s+|el\s+|la\s+|los\s+|las\s+)?[\"“«]?\s*$"),
    passive=(r"\b(?:es|son|fue|fueron|era|eran|será|serán|sea|sean|ha\s+sido|han\s+sido)\s+"
             r"(?:\w+mente\s+)?\w+(?:ado|ada|ados|adas|ido|ida|idos|idas)\b"),
    you=frozenset({"usted", "ustedes", "su", "sus", "le", "tú", "tu", "te"}),
    imperative=frozenset({
        "pregunte", "pida", "llame", "llámenos", "hable", "traiga", "lleve", "consulte", "vaya",
        "acuda", "revise", "escriba", "anote", "informe", "infórmelo", "avise", "busque",
        "compruebe", "tome", "use", "evite", "lea", "guarde", "mire", "deje", "siga", "diga",
        "dígaselo", "cuente", "vea", "haga", "tenga", "espere", "descanse", "ponga", "no",
        "nunca", "notifique", "denuncie", "visite", "elija", "aprenda", "pague"}),
    calculate=(r"\b(?:calcule|sume\s+(?:los|las)|(?:multiplique|divida)\s+(?:\w+\s+)?"
               r"(?:por|entre)|reste)\b"),
    generic_titles=frozenset({"introducción", "resumen", "general", "información", "otros",
                              "otras", "sección", "parte", "notas", "más"}),
)

HYPHENATION = (
    # where the Spanish patterns split a medical word against its parts
    "exo-so-ma", "exo-so-mas",
    # names and abbreviations, never split
    "PRP", "VSEL", "VSELs", "CPAP", "MedWatch", "ClinicalTrials", "tirzepatida", "minoxidil",
    "finasterida",
)

FACTS = LanguageFacts(
    code="es",
    name="Spanish",
    quotes="«»“”",
    reading_formula="fernandez-huerta",
    wording=Wording(negators=NEGATORS, reporting=REPORTING, clause_breaks=("pero", "sino"),
                    hype=HYPE, benefit=BENEFIT, disclaimer=DISCLAIMER),
    patient=PATIENT,
    hyphenation=HYPHENATION,
)
