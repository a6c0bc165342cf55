"""The staff editor's configuration and the editor's file form (issue 17,
item 1), without a browser: config.yml comes from the model's JSON Schemas,
never by hand; the editor is not part of the published site; `build.py
format` keeps the data and is re-runnable."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from calculator.contentfiles.yamlfile import read_yaml
from sitegen.paths import PROJECT
from sitegen.staff import admin, formatting
from sitegen.staff.schemas import generate

CONTENT = PROJECT / "content"


def _fields(fields, path=()):
    for f in fields:
        yield (*path, f["name"]), f
        yield from _fields(f.get("fields", []), (*path, f["name"]))


def _schema_at(schema: dict, path: tuple) -> dict:
    defs = schema["definitions"]
    node = admin._resolve(schema, defs)
    for key in path:
        node = admin._resolve(node, defs)
        if "anyOf" in node:
            node = next(admin._resolve(o, defs) for o in node["anyOf"]
                        if admin._resolve(o, defs).get("type") == "object")
        props = node.get("properties")
        node = props[key] if props and key in props else node["additionalProperties"]
    return admin._resolve(node, defs)


def test_config_is_generated_from_the_schemas_with_their_help():
    config = admin.config(CONTENT, PROJECT, "http://127.0.0.1:8081/api/v1")
    schemas = {k.removesuffix(".schema.json"): json.loads(v) for k, v in generate().items()}
    assert config["publish_mode"] == "editorial_workflow"  # saves go to review branches
    assert {c["name"] for c in config["collections"]} == {"infancy-onward", "aimh-example"}
    checked = dated = 0
    for collection in config["collections"]:
        for file in collection["files"]:
            data = yaml.safe_load((PROJECT / file["file"]).read_text())
            # Every key of the file has its field, in the schema's order.
            assert [f["name"] for f in file["fields"]] == \
                [k for k in schemas[file["name"]]["properties"] if k in data] \
                if "properties" in schemas[file["name"]] else True
            for path, f in _fields(file["fields"]):
                if f.get("widget") == "list":
                    continue  # list items: their fields are checked by their own paths
                try:
                    schema = _schema_at(schemas[file["name"]], path)
                except (KeyError, StopIteration):
                    continue  # inside a list: the item's schema
                if schema.get("description"):
                    assert f["hint"] == schema["description"], path
                    checked += 1
                if admin.is_dated(schema):
                    assert f["widget"] == "dated", path
                    dated += 1
    assert checked > 40 and dated > 15, (checked, dated)


def test_every_dated_value_of_the_fees_is_a_dated_widget():
    config = admin.config(CONTENT, PROJECT, "http://127.0.0.1:8081/api/v1")
    fees = next(f for c in config["collections"] if c["name"] == "infancy-onward"
                for f in c["files"] if f["name"] == "fees")
    widgets = [f for _, f in _fields(fees["fields"]) if f.get("widget") == "dated"]
    text = (CONTENT / "associations" / "infancy-onward" / "fees.yaml").read_text()
    # Each dated value of the file outside lists (application fees) has its widget.
    data = yaml.safe_load(text)
    groups = [*data["application"].values(), *(data.get("add_ons") or {}).values()]
    assert len([w for w in widgets if w["name"] in ("registration", "processing")]) == \
        sum(len(v) - ("note" in v) for v in groups)


def test_the_editor_is_not_in_the_published_site(tmp_path):
    from sitegen.pipeline.site import Options, build

    build(Options(site=tmp_path / "site", runtime=False))
    names = [p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*")]
    assert not [n for n in names if n.startswith("admin") or "decap" in n.lower()]
    assert not any("decap" in (tmp_path / "site" / n).read_text(errors="ignore").lower()
                   for n in names if n.endswith(".html"))


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def test_format_keeps_the_data_and_is_rerunnable(content):
    before = {p: read_yaml(p).data for p, _ in formatting.files(content)}
    first = formatting.run(content)
    assert not first.refused
    assert {p: read_yaml(p).data for p in before} == before
    again = formatting.run(content)
    assert again.changed == [] and again.refused == []
    check = subprocess.run([sys.executable, str(PROJECT / "build.py"), "format", "--check",
                            "--content", str(content)], capture_output=True, text=True)
    assert check.returncode == 0 and "every rule file is in the editor's form" in check.stdout


def test_format_names_dropped_comments_and_refuses_a_value_read_two_ways(content):
    fees = content / "associations" / "infancy-onward" / "fees.yaml"
    fees.write_text(fees.read_text() + "# a note that matters\n")
    meta = content / "associations" / "aimh-example" / "association.yaml"
    # 'yes' in quotes is text; the editor's YAML (1.2) writes it bare, which this
    # project's reader (YAML 1.1) reads as true: formatting would change it.
    text = meta.read_text()
    meta.write_text(text.replace("\nregion: ", "\nregion: 'yes'\nold_region: ", 1))
    report = formatting.run(content, check_only=True)
    assert any(d.endswith("# a note that matters") and str(fees) in d for d in report.dropped)
    assert fees.read_text().endswith("# a note that matters\n")  # --check writes nothing
    assert any(r.startswith(f"{meta}: in the editor's form it would read differently")
               for r in report.refused), report.refused
    formatting.run(content)
    assert "region: 'yes'" in meta.read_text()  # left as it was


def test_the_repository_content_is_in_the_editors_form():
    """Re-run `build.py format` after merging edits made outside the editor."""
    report = formatting.run(CONTENT, check_only=True)
    assert report.changed == [] and report.refused == [], (report.changed, report.refused)
