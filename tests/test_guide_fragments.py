"""Every YAML example of the staff guide (content/README.md) is valid, fragments
included (tests/test_guide_examples.py runs the complete example files).

Staff copy the guide's examples into their files, so each ```yaml block is
read with the content files' own reader (YAML syntax, duplicate keys, tabs) and
validated against the JSON Schema of the file its section describes. The
examples are fragments: a key they leave out ("required") is not a mistake,
and "…" stands for a value written elsewhere. Anything else the schema
refuses (an unknown key such as the 'exam' of an unquoted "Fee table, exam")
fails the test with the block's line in the guide.
"""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft7Validator

from calculator.contentfiles.yamlfile import YamlFileError, read_yaml
from sitegen.paths import PROJECT
from sitegen.staff import schemas

GUIDE = PROJECT / "content" / "README.md"
PLACEHOLDER = "…"

# The guide's sections and the file each describes; "Dated values" shows a
# fee's dated value, checked where the guide's example sits (a category's fees).
SECTIONS = {"association.yaml": "association", "categories.yaml": "categories",
            "fees.yaml": "fees", "renewal.yaml": "renewal", "examples.yaml": "examples",
            "facts.yaml": "facts", "Dated values": "fees"}


def blocks() -> list[tuple[int, str, str]]:
    """(line in the guide, section, YAML text) of every ```yaml block."""
    out, section, inside, start, lines = [], "", False, 0, []
    for number, line in enumerate(GUIDE.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("## "):
            section = line[3:].strip()
        if line.strip() == "```yaml":
            inside, start, lines = True, number + 1, []
        elif inside and line.strip() == "```":
            inside = False
            out.append((start, section, "\n".join(lines) + "\n"))
        elif inside:
            lines.append(line)
    return out


def _placeholder(value) -> bool:
    if value == PLACEHOLDER:
        return True
    if isinstance(value, dict):
        return PLACEHOLDER in value or any(_placeholder(v) for v in value.values())
    if isinstance(value, list):
        return any(_placeholder(v) for v in value)
    return False


def _jsonable(value):
    """Dates as the YAML language server hands them to the schema: as text."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


BLOCKS = blocks()


def test_the_guide_has_its_examples():
    assert len(BLOCKS) >= 8
    assert {s for _, s, _ in BLOCKS} >= {"association.yaml", "categories.yaml", "fees.yaml",
                                         "renewal.yaml", "examples.yaml", "Dated values"}


@pytest.mark.parametrize("line, section, text", BLOCKS,
                         ids=[f"line{n}" for n, _, _ in BLOCKS])
def test_guide_example_is_valid(tmp_path, line, section, text):
    if all(t.startswith("#") for t in text.splitlines() if t.strip()):
        return  # a block of comments only (the schema line)
    path = tmp_path / "example.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        data = read_yaml(path).data
    except YamlFileError as err:
        pytest.fail(f"content/README.md:{line + (err.problem.line or 1) - 1}: "
                    f"{err.problem.message}")
    first = text.splitlines()[0]
    kind = SECTIONS.get(section)
    if first.startswith("# yaml-language-server: $schema="):  # a complete file names its kind
        kind = first.rsplit("/", 1)[1].removesuffix(".schema.json")
    assert kind, f"content/README.md:{line}: a YAML example in a section ({section}) " \
                 "this test does not know: add it to SECTIONS"
    if section == "Dated values":
        data = {"published": True, "application": {"family_specialist": data}}
    schema = json.loads((schemas.SCHEMA_DIR / f"{kind}.schema.json").read_text())
    errors = [e for e in Draft7Validator(schema).iter_errors(_jsonable(data))
              if e.validator != "required" and not _placeholder(e.instance)
              and not re.search(r"'…'", e.message)]
    assert not errors, "\n".join(
        f"content/README.md:{line}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in errors)
