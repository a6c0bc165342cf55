"""The JSON Schemas of the content files (schemas/*.schema.json).

Generated from the model (sitegen/schemas.py), never edited by hand: the
committed files must equal what the generator writes. Every file in content/
must be valid; every broken fixture whose mistake a schema can express must
be rejected. The others need two files, the meaning of a value or the bytes
of the file, and are listed in NOT_EXPRESSIBLE with the reason (also in the
README); the test checks that the list stays true.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from engine_helpers import CONTENT
from jsonschema import Draft7Validator

from calculator.contentfiles.yamlfile import YamlFileError, read_yaml
from sitegen.staff import schemas

FIXTURES = Path(__file__).parent / "fixtures" / "broken"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "case.yaml").is_file())

# Mistakes a schema of one file cannot see, with the reason.
_FILE = "the file itself (bytes, syntax or size), read before any schema applies"
_CROSS = "needs another file or another part of this file"
_MEANING = "needs the meaning of the values (sums, order, dates)"
NOT_EXPRESSIBLE = {
    "alias_bomb": _FILE, "duplicate_key": _FILE, "empty_file": _FILE,
    "file_over_size_limit": _FILE, "merge_key": _FILE, "missing_facts_file": _FILE,
    "missing_required_file": _FILE, "non_utf8_file": _FILE, "python_object_tag": _FILE,
    "yaml_syntax_error": _FILE, "yaml_tab_indentation": _FILE,
    "yaml_key_without_space": _FILE, "yaml_unclosed_brace": _FILE,
    "reference_with_colon_unquoted": _FILE,
    "bad_folder_name": "a folder name, not a file",
    "at_least_on_boolean_fact": _CROSS, "category_code_twice": _CROSS,
    "category_id_twice": _CROSS, "category_without_fees": _CROSS,
    "choice_fact_without_choices": _MEANING, "condition_id_is_a_fact": _CROSS,
    "condition_id_twice": _CROSS, "fact_id_twice": _CROSS, "fact_role_twice": _CROSS,
    "fee_for_unknown_add_on": _CROSS, "fee_for_unknown_category": _CROSS,
    "fees_name_a_category_by_its_code": _CROSS, "fee_line_prices_start_apart": _MEANING,
    "fee_line_id_twice": _CROSS, "fee_line_unknown_category": _CROSS,
    "fee_line_member_price_only": _MEANING, "fee_line_with_price_and_member_price": _MEANING,
    "hours_on_a_skipped_row": _MEANING, "last_proration_row_skipped": _MEANING,
    "late_fee_replaces_without_fee": _MEANING, "late_with_grace_days_and_months": _MEANING,
    "late_year_without_calendar_year": _MEANING, "membership_term_twice": _CROSS,
    "membership_without_terms": _MEANING, "one_of_answer_not_offered": _CROSS,
    "proration_table_gap": _MEANING, "proration_table_short": _CROSS,
    "published_fees_without_application": _MEANING, "renewal_fee_twice_for_a_category": _CROSS,
    "renewal_fee_unknown_category": _CROSS, "requirement_id_twice": _CROSS,
    "requirement_unknown_fact": _CROSS, "requirement_with_two_kinds": _MEANING,
    "note_with_fact": _MEANING, "role_on_wrong_kind_of_fact": _MEANING,
    "rsc_after_years_unknown_track": _CROSS, "same_effective_date_twice": _MEANING,
    "shown_when_unknown_fact": _CROSS, "topic_hours_above_training": _CROSS,
    "topic_id_twice": _CROSS, "track_not_offered": _CROSS, "unknown_scope": _CROSS,
    "unpublished_with_rules": _MEANING, "window_days_in_fixed_cycle": _MEANING,
    "impossible_day_of_year": _MEANING,
    "exam_sitting_portfolio_due_on_exam_day": _MEANING, "exam_sitting_twice": _CROSS,
    "rsc_rule_twice_for_a_category": _CROSS, "rsc_rule_unknown_category": _CROSS,
    "value_without_reference": "a reference may sit on the parameter or on each of its values",
}


def _validator(stem: str) -> Draft7Validator:
    return Draft7Validator(json.loads((schemas.SCHEMA_DIR / f"{stem}.schema.json").read_text()))


def test_committed_schemas_are_generated(tmp_path) -> None:
    generated = schemas.generate()
    committed = {p.name: p.read_text(encoding="utf-8") for p in schemas.SCHEMA_DIR.glob("*.json")}
    assert committed == generated, "run `python build.py schema` and commit schemas/"


def test_schemas_are_valid_draft7() -> None:
    for text in schemas.generate().values():
        Draft7Validator.check_schema(json.loads(text))


CONTENT_FILES = sorted([CONTENT / "facts.yaml", *CONTENT.glob("associations/*/*.yaml"),
                        *(Path(__file__).parent / "fixtures" / "associations").glob("*/*.yaml")])


@pytest.mark.parametrize("path", CONTENT_FILES,
                         ids=lambda p: "/".join(p.parts[-2:]))
def test_every_content_file_is_valid_and_names_its_schema(path: Path) -> None:
    # The rule files the browser editor writes carry no comments: their schema
    # is named by .vscode/settings.json (test_vscode_maps_every_content_file_to_its_schema);
    # the others may still name it on their first line, and then rightly.
    first = path.read_text(encoding="utf-8").splitlines()[0]
    if first.startswith("# yaml-language-server: $schema="):
        named = (path.parent / first.split("=", 1)[1]).resolve()
        assert named == (schemas.SCHEMA_DIR / f"{path.stem}.schema.json").resolve()
    else:
        assert path.stem in ("association", "categories", "fees", "renewal"), path
    errors = list(_validator(path.stem).iter_errors(read_yaml(path).data))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("case", CASES)
def test_broken_fixture_rejected_by_the_schema_or_listed(case: str) -> None:
    spec = yaml.safe_load((FIXTURES / case / "case.yaml").read_text(encoding="utf-8"))
    path = FIXTURES / case / Path(spec.get("replaces", "none.yaml")).name
    rejected = False
    if "replaces" in spec and path.stem in schemas.FILES:
        try:
            data = read_yaml(path).data
        except YamlFileError:
            data = None
        if data is not None:
            rejected = any(True for _ in _validator(path.stem).iter_errors(data))
    if case in NOT_EXPRESSIBLE:
        assert not rejected, f"{case} is rejected by the schema: remove it from NOT_EXPRESSIBLE"
    else:
        assert rejected, f"{case}: the schema accepts this mistake (list it if it cannot)"


def test_vscode_maps_every_content_file_to_its_schema():
    """The schema association lives in .vscode/settings.json (`yaml.schemas`),
    which VS Code and github.dev read, so it survives an editor that drops
    comments; .vscode/extensions.json recommends the YAML extension."""
    from fnmatch import fnmatch

    root = CONTENT.parent
    settings = json.loads((root / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (root / schema).is_file(), schema
    files = [p.relative_to(root).as_posix() for p in CONTENT.rglob("*.yaml")]
    assert len(files) >= 11
    for name in files:
        matches = [s for s, glob in mapping.items() if fnmatch(name, glob)]
        assert len(matches) == 1, (name, matches)
        assert Path(matches[0]).name == f"{Path(name).stem}.schema.json", (name, matches)
    recommended = json.loads((root / ".vscode" / "extensions.json").read_text())
    assert "redhat.vscode-yaml" in recommended["recommendations"]
