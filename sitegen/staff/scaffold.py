"""`build.py new-association SLUG [--from SLUG]`: start a new association's folder.

Without ``--from`` it writes the fewest files that pass ``build.py check``: one
age variant, one category with one requirement, fees and renewal marked as not
published, one worked example. Every file starts with a comment that points to
the section of ``content/README.md`` explaining it. With ``--from`` it copies an
existing association's folder instead, comments and all.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from calculator.contentfiles.repository import SLUG, association_slugs


class ScaffoldError(Exception):
    """Why the folder was not written, in one line."""


GUIDE = "content/README.md"

FILES = {
    "association.yaml": """\
# {name}: who the association is. Replace every value below with yours.
# Guide: {guide}, "Adding an association" (the onboarding checklist).
# After every edit run:  python build.py check
name: {name}
region: Replace with the state or country you serve
summary: >-
  Replace with one or two sentences about Endorsement® at your association;
  they open your association's home page.
contact_email: endorsement@example.org
currency: USD
# One entry per age variant you endorse (infant, early_childhood: see
# content/facts.yaml, fact age_focus). Each category needs a code and a name
# per variant.
variants:
  - id: infant
    label: Infant (0–3)
    ages: 0 to 3 years
    credential: IMH-E®
""",
    "categories.yaml": """\
# The categories you endorse, most basic first, and what each requires.
# Guide: {guide}, "categories.yaml" (the kinds of requirement) and
# "Dated values" (every number has a date and a reference).
# Start with one category; add the others the same way.
categories:
  - id: family_associate
    name: Family Associate
    names: {{infant: Infant Family Associate}}
    codes: {{infant: IFA}}
    scope: promotion
    summary: >-
      Replace with who the category is for.
    exam:
      reference: Replace with the document that says whether there is an exam
      values: {{2024-01-01: false}}
    requirements:
      - id: training
        topic: In-service training
        label: Minimum 30 hours of training
        fact: training_hours
        at_least:
          reference: Replace with the document and page this figure comes from
          values: {{2024-01-01: 30}}
""",
    "fees.yaml": """\
# Application and membership fees. Until you publish them the site says the
# message below. Guide: {guide}, "fees.yaml"; the infancy-onward folder has a
# complete example (application fees per category, membership terms).
published: false
message: >-
  This association has not published its Endorsement® fees yet. Ask its
  Endorsement® Coordinator for the current fees.
""",
    "renewal.yaml": """\
# Renewal rules: cycle, window, proration table. Until you publish them the
# site says the message below. Guide: {guide}, "renewal.yaml"; the
# infancy-onward folder has a complete example.
published: false
message: >-
  This association has not published its renewal rules yet. Ask its
  Endorsement® Coordinator how and when Endorsement® is renewed.
""",
    "examples.yaml": """\
# Worked examples: situations and the answers they must get. `build.py check`
# runs every one. Guide: {guide}, "examples.yaml". Write the expected answers
# from your own documents, not from the calculator.
on: 2026-01-01
examples:
  - name: 30 training hours meet the Family Associate training requirement
    eligibility:
      profile: {{age_focus: infant, scope: promotion, training_hours: 30}}
      expect: {{recommended: IFA, eligible: true, gaps: []}}
""",
}


def _title(slug: str) -> str:
    return " ".join(part.upper() if len(part) <= 4 and part.startswith("aimh") else
                    part.capitalize() for part in slug.split("-"))


def new_association(content: Path, slug: str, from_slug: str | None = None) -> list[Path]:
    """Write ``content/associations/<slug>/``; returns the files written."""
    if not SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' cannot be a folder name: it is used in web addresses, "
                            "so use lower-case letters, digits and hyphens (e.g. aimh-texas)")
    folders = content / "associations"
    target = folders / slug
    if target.exists():
        raise ScaffoldError(f"{target} already exists; choose another name or edit it")
    if from_slug is not None:
        known = association_slugs(content)
        if from_slug not in known:
            raise ScaffoldError(f"there is no association '{from_slug}' to copy; known: "
                                f"{', '.join(known) or 'none'}")
        shutil.copytree(folders / from_slug, target)
        # A copy is a draft: never published until every value that is still
        # the source's is changed (`check` names each, sitegen/warnings.py).
        meta = target / "association.yaml"
        text = meta.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(draft|copied_from):.*\n", "", text)
        meta.write_text(text.rstrip("\n") + f"\ndraft: true\ncopied_from: {from_slug}\n",
                        encoding="utf-8")
        return sorted(p for p in target.rglob("*") if p.is_file())
    target.mkdir(parents=True)
    written = []
    for name, text in FILES.items():
        path = target / name
        # The first line lets editors that use the YAML language server complete
        # and check keys as they are typed (content/README.md, "Editors ...").
        schema = f"# yaml-language-server: $schema=../../../schemas/{Path(name).stem}.schema.json\n"
        path.write_text(schema + text.format(name=_title(slug), guide=GUIDE), encoding="utf-8")
        written.append(path)
    return written
