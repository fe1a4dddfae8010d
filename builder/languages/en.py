"""English: quotes, reading grade, and the word lists of the wording rules."""

from builder.languages import Hype, LanguageFacts, Wording

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

FACTS = LanguageFacts(
    code="en",
    name="English",
    quotes="“”‘’",
    reading_formula="flesch-kincaid",
    wording=Wording(negators=NEGATORS, reporting=REPORTING, clause_breaks=("but",), hype=HYPE,
                    benefit=BENEFIT, disclaimer=DISCLAIMER),
)
