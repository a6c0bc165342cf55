"""`build.py new-association`: the scaffold passes `check` at once, in a temporary
copy of content/ (a scaffolded association never lands in the published content)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.paths import PROJECT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args],
                          capture_output=True, text=True)


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    return tmp_path / "content"


def published_slugs() -> list[str]:
    return sorted(p.name for p in (PROJECT / "content" / "associations").iterdir())


def test_scaffold_passes_check_and_points_to_the_guide(content):
    before = published_slugs()
    result = run("new-association", "aimh-texas", "--content", str(content))
    assert result.returncode == 0, result.stderr
    folder = content / "associations" / "aimh-texas"
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["association.yaml", "categories.yaml", "examples.yaml", "fees.yaml",
                     "renewal.yaml"]
    for name in files:
        head = (folder / name).read_text(encoding="utf-8").split("\n\n")[0]
        assert head.startswith("#") and "content/README.md" in head, name
    check = run("check", "--content", str(content))
    assert check.returncode == 0, check.stderr
    assert "all worked examples pass" in check.stdout
    # Alone, too: the scaffold does not lean on another association.
    alone = run("check", "--content", str(content), "--association", "aimh-texas")
    assert alone.returncode == 0, alone.stderr
    assert published_slugs() == before


def test_scaffold_builds_a_site(content, tmp_path):
    assert run("new-association", "aimh-texas", "--content", str(content)).returncode == 0
    from sitegen.pipeline.site import Options, build

    summary = build(Options(content=content, site=tmp_path / "site", runtime=False,
                            only=["aimh-texas"]))
    assert summary["associations"] == ["aimh-texas"]
    assert (tmp_path / "site" / "aimh-texas" / "changes.html").exists()


def test_from_copies_an_association(content):
    result = run("new-association", "aimh-ohio", "--from", "infancy-onward",
                 "--content", str(content))
    assert result.returncode == 0, result.stderr
    source = content / "associations" / "infancy-onward"
    copy = content / "associations" / "aimh-ohio"
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == \
        sorted(p.relative_to(source) for p in source.rglob("*"))
    assert run("check", "--content", str(content)).returncode == 0


@pytest.mark.parametrize(("args", "expected"), [
    (["Aimh_Texas"], "cannot be a folder name"),
    (["infancy-onward"], "already exists"),
    (["aimh-ohio", "--from", "no-such"], "there is no association 'no-such' to copy"),
])
def test_refusals(content, args, expected):
    before = sorted(p.name for p in (content / "associations").iterdir())
    result = run("new-association", *args, "--content", str(content))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in result.stderr
    assert sorted(p.name for p in (content / "associations").iterdir()) == before


def test_scaffold_files_name_and_pass_their_schemas(content):
    import json

    from jsonschema import Draft7Validator

    from calculator.contentfiles.yamlfile import read_yaml
    from sitegen.staff import schemas

    assert run("new-association", "aimh-texas", "--content", str(content)).returncode == 0
    for path in sorted((content / "associations" / "aimh-texas").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../../schemas/{path.stem}.schema.json"
        schema = json.loads((schemas.SCHEMA_DIR / f"{path.stem}.schema.json").read_text())
        errors = list(Draft7Validator(schema).iter_errors(read_yaml(path).data))
        assert not errors, (path.name, [e.message for e in errors])


def test_unfinished_content_is_pointed_out_but_not_refused(content):
    """The template's "Replace with ..." values and a copy's name and address
    are valid YAML: check passes, and names each with its file and line."""
    assert run("new-association", "aimh-texas", "--content", str(content)).returncode == 0
    assert run("new-association", "aimh-ohio", "--from", "infancy-onward",
               "--content", str(content)).returncode == 0
    check = run("check", "--content", str(content))
    assert check.returncode == 0, check.stderr
    # Files are named as they can be opened: here, outside the working
    # directory, by their full path.
    root = f"{content.resolve()}/"
    warned = [line for line in check.stderr.splitlines() if line.startswith(root)]
    placeholders = [w for w in warned if "placeholder" in w]
    assert placeholders and all(w.startswith(f"{root}associations/aimh-texas/") for w in
                                placeholders), warned
    texas = (content / "associations" / "aimh-texas" / "association.yaml").read_text()
    line = next(n for n, t in enumerate(texas.splitlines(), 1) if t.startswith("region:"))
    assert f"{root}associations/aimh-texas/association.yaml:{line}: still the template's " \
           "placeholder text" in check.stderr
    assert any(w.startswith(f"{root}associations/aimh-ohio/association.yaml:") and
               "still infancy-onward's name" in w for w in warned), warned
    # The original is not the copy: nothing of it is flagged.
    assert not any("associations/infancy-onward/" in w for w in warned), warned
    # The published content alone has none.
    clean = run("check")
    assert clean.returncode == 0 and "warning" not in clean.stderr, clean.stderr


def test_content_folder_paths_are_real(content, tmp_path):
    """With --content, a problem names the file where it is (from the working
    directory), not under the project's content/."""
    (content / "associations" / "infancy-onward" / "renewal.yaml").unlink()
    for cwd, expected in ((PROJECT, f"{content.resolve()}/associations/infancy-onward/"
                                    "renewal.yaml: this file is missing"),
                          (tmp_path, "content/associations/infancy-onward/renewal.yaml: "
                                     "this file is missing")):
        result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "check",
                                 "--content", str(content)], capture_output=True, text=True,
                                cwd=cwd)
        assert result.returncode == 1
        named = result.stderr.splitlines()[1]
        assert named.startswith(expected), named
        assert (cwd / named.split(":")[0]).parent.is_dir()  # a real folder from there
