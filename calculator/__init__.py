"""IECMH Endorsement rules engine: eligibility, fees and renewal.

Standard library only, so the very same code runs under CPython (command
line, build, tests) and Pyodide (the in-browser calculator). YAML reading is
in ``calculator.contentfiles``, which the engine never imports.
"""

from .association import Association, load_association, load_facts
from .errors import CalculatorError, InputError, Problem, RulesError
from .service import answer, eligibility, fees, renewal

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
