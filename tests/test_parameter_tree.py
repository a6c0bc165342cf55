"""The parameter tree finds every dated value, names it stably and labels it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from content_edits import add_fs_requirement

from calculator.contentfiles.repository import load_content
from calculator.engine.parameter_tree import find_parameters, parameter_tree
from calculator.model.parameters import DatedValue, Parameter
from sitegen.paths import PROJECT


def _dated_mappings(data) -> int:
    """An independent count: every mapping with a 'values' key in the plain data."""
    if isinstance(data, dict):
        return ("values" in data) + sum(_dated_mappings(v) for v in data.values())
    if isinstance(data, list):
        return sum(_dated_mappings(v) for v in data)
    return 0


def _shapes(tmp_path) -> Path:
    """The fixture associations of other shapes (yearly renewal, fee lines, late fees)."""
    root = tmp_path / "content"
    root.mkdir()
    shutil.copy(PROJECT / "content" / "facts.yaml", root / "facts.yaml")
    shutil.copytree(PROJECT / "tests" / "fixtures" / "associations", root / "associations")
    return root


def test_every_dated_value_is_found(tmp_path):
    for root in (PROJECT / "content", _shapes(tmp_path)):
        _every_dated_value_is_found(load_content(root))


def _every_dated_value_is_found(content):
    for slug, association in content.associations.items():
        tree = parameter_tree(association, content.data[slug])
        assert len(tree) == _dated_mappings(content.data[slug]) > 0, slug
        for named in tree.values():
            assert isinstance(named.parameter, Parameter)
            assert named.name.split(".")[0] in content.data[slug]  # the file comes first
            assert named.label and named.label[0].isupper()


def test_names_and_labels():
    content = load_content(PROJECT / "content")
    tree = parameter_tree(content.associations["infancy-onward"], content.data["infancy-onward"])
    assert tree["fees.application.family_specialist.processing"].label == \
        "Family Specialist processing fee"
    assert tree["categories.categories.family_specialist.requirements.training.at_least"] \
        .label == "Family Specialist, In-service training (Min. 33 hrs.)"
    # The values the hand-kept announcement lists had missed are found.
    for name in ("renewal.deadline", "renewal.window_opens", "renewal.first_deadline_year",
                 "fees.membership.agency.included_staff"):
        assert name in tree, name
    assert tree["renewal.deadline"].label == "Renewal: deadline"


def test_labels_of_other_shapes(tmp_path):
    content = load_content(_shapes(tmp_path))
    tree = parameter_tree(content.associations["annual-aimh"], content.data["annual-aimh"])
    labels = {named.label for named in tree.values()}
    # Two renewal fees with the same wording are told apart by whom they apply to.
    assert {"Renewal: Renewal fee (Family Associate, Family Specialist)",
            "Renewal: Renewal fee (Mental Health Specialist, Mental Health Mentor)",
            "Renewal: late renewal fee"} <= labels
    assert len(labels) == len(tree)


def test_names_do_not_move_when_a_requirement_is_inserted_above(tmp_path):
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    before = load_content(tmp_path / "content")
    add_fs_requirement(tmp_path / "content")  # inserted first in the list
    after = load_content(tmp_path / "content")
    slug = "infancy-onward"
    old = parameter_tree(before.associations[slug], before.data[slug])
    new = parameter_tree(after.associations[slug], after.data[slug])
    assert set(old) == set(new)
    for name in old:
        assert old[name].parameter.values == new[name].parameter.values, name


@dataclass(eq=False)
class _Loop:
    fee: Parameter
    children: list = field(default_factory=list)
    back: object = None


def test_cycles_and_shared_objects_are_walked_once():
    fee = Parameter((DatedValue(date(2024, 1, 1), 5, "ref"),), ("fees", "x"))
    root = _Loop(fee)
    child = _Loop(fee, back=root)
    root.children.append(child)
    root.back = root
    assert find_parameters(root) == [fee]
    assert find_parameters({"a": (root, [child])}) == [fee]
    assert find_parameters("not a model") == []
