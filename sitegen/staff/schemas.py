"""JSON Schemas of the content files, generated from the model.

The rules model (``calculator/``) declares every YAML section once, as a
dataclass read by ``calculator.spec``; this module turns those declarations
into draft-07 JSON Schemas (the draft the YAML language server reads) and
writes them to ``schemas/``. Each content file names its schema on its first
line::

    # yaml-language-server: $schema=../../../schemas/fees.schema.json

so VS Code's YAML extension (and other editors using the YAML language
server) completes keys and flags mistakes while staff type. A test keeps the
committed files equal to what this module writes: they are never edited by hand.

A schema checks one file at a time; what needs two files or the meaning of a
value (an unknown fact, a category without fees, a code used twice) is left
to ``build.py check``, which reports it with file and line.
"""

from __future__ import annotations

import json
from pathlib import Path

from calculator.contentfiles.examples import ExamplesFile
from calculator.model.association import AssociationFile
from calculator.model.categories import CategoriesFile
from calculator.model.facts import FactCatalog
from calculator.model.fees import FeeSchedule
from calculator.model.renewal import RenewalPolicy
from calculator.model.spec import json_schema

from ..generated import write_changed
from ..paths import PROJECT

SCHEMA_DIR = PROJECT / "schemas"
# file stem -> (top section, what the file holds)
FILES = {
    "facts": (FactCatalog, "The questions the calculator can ask (content/facts.yaml)."),
    "association": (AssociationFile, "Who the association is, its age variants and its "
                                     "conditions of eligibility."),
    "categories": (CategoriesFile, "Categories of Endorsement, tracks, add-ons, requirements."),
    "fees": (FeeSchedule, "Application fees, other fee lines and membership."),
    "renewal": (RenewalPolicy, "The renewal cycle, requirements, fees, grace period and "
                               "reinstatement."),
    "examples": (ExamplesFile, "Worked examples: situations and the answers they must get."),
}
GUIDE = "See content/README.md for every key, with examples."


def generate() -> dict[str, str]:
    """File name -> schema text, exactly as written to ``schemas/``."""
    out = {}
    for stem, (section, description) in FILES.items():
        schema = json_schema(section, f"{stem}.yaml", f"{description} {GUIDE}")
        schema["$id"] = f"{stem}.schema.json"
        out[f"{stem}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def write(folder: Path = SCHEMA_DIR) -> list[Path]:
    return write_changed(folder, generate())
