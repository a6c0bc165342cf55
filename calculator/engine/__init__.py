"""The rules at work, on typed values and dates.

Holds eligibility (which category, what is missing), the fee quote and the
agency quote, the renewal plan, the dated values of a rule book found by name
(``parameter_tree``) and what a published change ahead does to a quote.

May import: the base and ``model``. Never the edges: the engine does not read
what people type.
"""
