"""The build's own errors, under the package's one root (CalculatorError).

Anything the person building must fix is a BuildError: its message says what
and where, and ``build.py`` prints it as it is, never a traceback.
"""

from __future__ import annotations

from calculator.errors import CalculatorError


class BuildError(CalculatorError):
    """Something the person building must fix; the message says what and where."""


class RuntimeMissing(BuildError):
    """A tool the in-browser runtime needs (node_modules/pyodide, Node.js) is missing."""


class TemplateProblem(BuildError):
    """A template failed: names the template file and line, and quotes it."""
