"""Chinese: typographic quotes only. The wording rules have no word lists for Chinese yet, so
`brochure check` says it cannot check them (rule language-unsupported) instead of guessing."""

from builder.languages import LanguageFacts

FACTS = LanguageFacts(code="zh", name="Chinese", quotes="“”‘’")
