"""The rule book as declared: one frozen class per section of a content file.

Holds the plain-data nodes and their located problems (``node``), the generic
reader and JSON Schema (``spec``), dated values (``parameters``), the facts
catalogue, requirements, categories, the fee schedule, the renewal policy and
the whole association, cross-checked after construction.

May import: the base (``errors``, ``numbers``, ``formats``, ``dates``) and this
room.
"""
