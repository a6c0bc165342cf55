"""IECMH Endorsement rules engine: eligibility, fees and renewal.

Standard library only, so the very same code runs under CPython (command
line, build, tests) and Pyodide (the in-browser calculator). YAML reading is
in ``calculator.contentfiles``, which the engine never imports.
"""

from .edges.service import answer, eligibility, fees, renewal
from .errors import CalculatorError, InputError, Problem, RulesError
from .model.association import Association, load_association, load_facts

__all__ = [
    "Association",
    "CalculatorError",
    "InputError",
    "Problem",
    "RulesError",
    "answer",
    "eligibility",
    "fees",
    "load_association",
    "load_facts",
    "renewal",
]
