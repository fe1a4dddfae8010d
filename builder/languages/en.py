"""English: quotes, reading grade, and the word lists of the wording rules."""

from builder.languages import Hype, LanguageFacts, PatientWording, Wording

NEGATORS = frozenset({
    "not", "no", "never", "without", "nor", "neither", "none", "nothing", "cannot", "lack",
    "lacks", "unlikely", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't",
    "won't", "can't", "hasn't", "haven't", "nobody",
})
REPORTING = frozenset({
    "promise", "promises", "promised", "claim", "claims", "claimed", "advertise", "advertised",
    "advertises", "ads", "so-called", "beware", "wary", "called",
})
HYPE = (
    Hype("proven"),
    Hype("cure", r"cures?"),
    Hype("guaranteed", r"guarantee[sd]?"),
    Hype("miracle", r"miracles?|miraculous"),
    Hype("breakthrough", r"breakthroughs?"),
    Hype("revolutionary"),
    Hype("no side effects", r"(?:no|without|zero)[\s-]+(?:\w+\s+)?side[\s-]+effects?",
         negative=True),
    Hype("risk-free", r"risk[\s-]*free", negative=True),
    Hype("100% safe", r"100\s?%\s+safe"),
    Hype("safe and natural", r"safe\s+and\s+natural"),
    Hype("anti-aging", r"anti[\s-]?ag(?:e)?ing"),
    Hype("fountain of youth"),
    Hype("FDA approved", r"FDA[\s-]+approved|approved\s+by\s+the\s+(?:U\.?S\.?\s+)?"
         r"(?:FDA|Food\s+and\s+Drug\s+Administration)", fda=True),
)
BENEFIT = (
    r"(?<![\w-])(?:helps|helped|(?:may|can|will|could|might)\s+help|heal(?:s|ed|ing)?"
    r"|improve[sd]?|improvements?|reduce[sd]?\s+(?:\w+\s+)?(?:pain|swelling|inflammation)"
    r"|relieve[sd]?|repair(?:s|ed)?|regenerate[sd]?|regrow(?:s|n)?|restore[sd]?"
    r"|effective|eases?\s+(?:\w+\s+)?pain|eased\s+(?:\w+\s+)?pain|rejuvenat\w*)(?!\w)"
)
DISCLAIMER = (r"approv|FDA|regulat|licen[cs]|doctor|physician|clinician|medical advice"
              r"|health ?care provider|nurse")

_COUNT = (r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|a|an)")
_BASE = (r"(?:\d[\d,.]*|ten|twenty|fifty|a\s+hundred|one\s+hundred|hundred|a\s+thousand|"
         r"thousand)")
PATIENT = PatientWording(
    hedged_approval=(r"\b(?:most(?:ly)?|largely|many|generally|usually|mainly|often)\b"
                     r"(?:\s+[\w'’-]+){0,8}?\s+not\s+(?:yet\s+)?(?:been\s+)?(?:FDA[\s-]+)?"
                     r"approved\b|\b(?:mostly|largely|mainly|generally|usually)\s+unapproved\b"),
    study_hedge=(r"\b(?:some|small|early|a\s+few|several|limited|preliminary|recent|certain|"
                 r"other)\s+(?:\w+\s+)?(?:studies|study|trials|research|reports|reviews|data|"
                 r"evidence)\s+(?:suggests?|shows?|showed|indicates?|hints?|found|finds|"
                 r"reports?|reported|points?\s+to)\b|\b(?:studies|research|evidence)\s+"
                 r"(?:suggests?|hints?)\b"),
    trial_claim=(r"\bregistered\s+(?:clinical\s+)?(?:trial|study)|clinicaltrials\.gov|"
                 r"\bFDA[\s-]+registered\b|registered\s+with\s+the\s+FDA|\btrial\s+number\b|"
                 r"\bNCT\s?\d{8}\b"),
    ind=r"\bIND\b|investigational\s+new\s+drug",
    percent=r"\d+(?:[.,]\d+)?\s?%|\b\d+(?:[.,]\d+)?\s+(?:percent|per\s+cent)\b",
    ratio=(r"\b\d+(?:[.,]\d+)?\s*(?:x|×)(?!\w)|\b\d+(?:[.,]\d+)?[\s-]*fold\b|"
           r"\b(?:\d+(?:[.,]\d+)?|twice|two|three|four|five|six|seven|eight|nine|ten)\s+"
           r"times\s+(?:more|less|higher|lower|greater|fewer|as)\b"),
    denominator=(rf"\b{_COUNT}\s+(?:\w+\s+)?(?:out\s+of|in(?:\s+every)?|of(?:\s+every|\s+the)?)"
                 rf"\s+{_BASE}\b"),
    explained_after=(r"^\s*(?:\((?P<paren>[^)]*)\)|,?\s+(?:is|are|means|meaning|which\s+(?:is|"
                     r"are|means|mean)|that\s+is|or)\b|,\s+(?:a|an|the)\s|:\s|\s+[-–—]\s)"),
    explained_before=r"(?:called|known\s+as|named|termed)\s+(?:an?\s+|the\s+)?[\"“‘']?\s*$",
    passive=(r"\b(?:is|are|was|were|be|been|being|gets?|got)\s+(?:(?:not|never|also|often|"
             r"still|only|then|now|\w+ly)\s+)?(?:\w+ed|made|given|done|shown|seen|taken|known|"
             r"found|held|kept|told|grown|drawn|sold|spun|built|put|paid|brought|thought|meant|"
             r"written|chosen|frozen|hidden|broken|spoken|driven|led|left|lost|sent|set|spread|"
             r"taught|thrown|understood|worn)\b"),
    you=frozenset({"you", "your", "yours", "yourself"}),
    imperative=frozenset({
        "ask", "avoid", "bring", "call", "check", "choose", "come", "contact", "do", "don't",
        "find", "follow", "get", "go", "keep", "learn", "let", "look", "make", "note", "read",
        "rest", "report", "see", "seek", "speak", "stop", "take", "talk", "tell", "use", "wait",
        "watch", "write", "put", "visit", "never", "be", "have", "plan"}),
    calculate=(r"\b(?:calculate|work\s+out\s+(?:how|your|the)|add\s+up|(?:multiply|divide)\s+"
               r"(?:it\s+|this\s+|that\s+)?by|subtract)\b"),
    generic_titles=frozenset({"introduction", "overview", "summary", "general", "information",
                              "other", "others", "miscellaneous", "misc", "section", "part",
                              "details", "more", "notes"}),
)

HYPHENATION = (
    # where the en-US patterns split a medical word against its parts
    "evi-dence", "exo-some", "exo-somes", "osteo-arthri-tis", "mes-en-chy-mal",
    "hy-po-glos-sal", "cen-tri-fuge", "uvulo-palato-pharyngo-plasty", "plate-let",
    "plate-lets",
    # names and abbreviations, never split
    "PRP", "VSEL", "VSELs", "CPAP", "MedWatch", "ClinicalTrials", "tirzepatide", "minoxidil",
    "finasteride",
)

FACTS = LanguageFacts(
    code="en",
    name="English",
    quotes="“”‘’",
    reading_formula="flesch-kincaid",
    wording=Wording(negators=NEGATORS, reporting=REPORTING, clause_breaks=("but",), hype=HYPE,
                    benefit=BENEFIT, disclaimer=DISCLAIMER),
    patient=PATIENT,
    hyphenation=HYPHENATION,
)
