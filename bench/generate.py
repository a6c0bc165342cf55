"""Many associations from the two real ones, for the build-time benchmark.

Each generated association is a real one with its slug and name changed and
its numbers varied (fees, hours, the renewal cycle), so the build does the same
work it would for 36 more real associations.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

NUMBER_VALUE = re.compile(r"(values: \{2024-01-01: )(\d+(?:\.\d+)?)(\})")


def _vary(text: str, rng: random.Random) -> str:
    def bump(match: re.Match) -> str:
        value = float(match.group(2))
        if value in (0, 1) or value >= 1900:  # booleans-as-numbers, years: leave alone
            return match.group(0)
        new = max(1, round(value * rng.uniform(0.8, 1.3)))
        return f"{match.group(1)}{new}{match.group(3)}"

    return NUMBER_VALUE.sub(bump, text)


def generate(source: Path, target: Path, count: int = 36, seed: int = 38) -> list[str]:
    """Copy ``source`` (a content folder) to ``target`` plus ``count`` varied associations."""
    rng = random.Random(seed)
    shutil.copytree(source, target)
    real = sorted(p for p in (source / "associations").iterdir() if p.is_dir())
    made = []
    for i in range(count):
        base = real[i % len(real)]
        slug = f"{base.name}-{i + 3:02d}"
        folder = target / "associations" / slug
        shutil.copytree(base, folder)
        for path in folder.glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            if path.name == "association.yaml":
                text = re.sub(r"^name: (.*)$", rf"name: \1 {i + 3}", text, count=1, flags=re.M)
            elif path.name == "examples.yaml":
                continue  # examples are not part of the build
            elif path.name == "renewal.yaml":
                if "every_years" in text and i % 3 == 0:
                    text = _yearly(text)
            else:
                text = _vary(text, rng)
            path.write_text(text, encoding="utf-8")
        made.append(slug)
    return made


def _yearly(text: str) -> str:
    """Turn the three-year cycle into a yearly one (many associations renew yearly)."""
    text = text.replace("values: {2024-01-01: 3}", "values: {2024-01-01: 1}")
    start = text.index("      - years_endorsed: 2")
    end = text.index("provided_training_share:")
    return text[:start] + text[end:]
