"""Drafts (issue 17, item 4): an association marked `draft: true` is checked,
shown by `serve` and by `build.py --drafts`, never in the published build.
`new-association --from` makes a draft that names its source; `check` names
every value still the source's with file and line, and refuses to publish
the copy while one is left; the source itself is never flagged."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.paths import PROJECT
from sitegen.pipeline.site import Options, build


def run(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args],
                          capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def copied(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    result = run("new-association", "demo-aimh", "--from", "infancy-onward",
                 "--content", str(content))
    assert result.returncode == 0, result.stderr
    return content


def _meta(content: Path) -> Path:
    return content / "associations" / "demo-aimh" / "association.yaml"


def _line(path: Path, start: str) -> int:
    return next(n for n, t in enumerate(path.read_text().splitlines(), 1) if t.startswith(start))


def test_a_copy_is_a_draft_naming_its_source(copied):
    text = _meta(copied).read_text()
    assert text.endswith("draft: true\ncopied_from: infancy-onward\n")


def _flagged(output: str) -> list[str]:
    return re.findall(r"^(\S+?:\d+): ", output, re.M)


def test_check_names_every_copied_value_and_not_the_source(copied):
    check = run("check", "--content", str(copied))
    assert check.returncode == 0, check.stderr  # a draft: said, not refused
    flagged = _flagged(check.stderr)
    assert flagged and all("/demo-aimh/" in f for f in flagged), flagged
    meta = _meta(copied)
    for key in ("name", "region", "summary", "contact_email", "website", "apply_url"):
        assert any(f.endswith(f"demo-aimh/association.yaml:{_line(meta, key + ':')}")
                   for f in flagged), key
    lines = meta.read_text().splitlines()
    start = _line(meta, "how_to_apply:")
    steps = []
    for n in range(start + 1, len(lines) + 1):
        if not lines[n - 1].startswith("  - "):
            break
        steps.append(n)
    assert steps and all(any(f.endswith(f"association.yaml:{n}") for f in flagged)
                         for n in steps)
    # Every reference, in every file (a parameter's and a dated value's own).
    for name in ("categories", "fees", "renewal"):
        path = copied / "associations" / "demo-aimh" / f"{name}.yaml"
        lines = [n for n, t in enumerate(path.read_text().splitlines(), 1)
                 if re.search(r"\breference: ", t)]
        found = {int(f.rsplit(":", 1)[1]) for f in flagged if f"/{name}.yaml:" in f}
        assert lines and set(lines) <= found, (name, sorted(set(lines) - found))
    assert any("/examples.yaml:" in f for f in flagged)
    assert any("/pages/apply.md:" in f for f in flagged)
    assert "still infancy-onward's apply url" in check.stderr


def test_a_copy_with_its_sources_values_is_not_published(copied, tmp_path):
    meta = _meta(copied)
    meta.write_text(meta.read_text().replace("draft: true\n", ""))
    check = run("check", "--content", str(copied))
    assert check.returncode == 1
    line = _line(meta, "apply_url:")
    assert re.search(rf"demo-aimh/association.yaml:{line}: still infancy-onward's apply url: "
                     r"write this association's own\. A copy is published only once",
                     check.stderr), check.stderr
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("old")
    built = run("--content", str(copied), "--site", str(site))
    assert built.returncode == 1 and "apply url" in built.stderr
    assert [p.name for p in site.iterdir()] == ["keep.html"]  # left as it was


def test_a_finished_copy_is_published(copied, tmp_path):
    """Once nothing is still the source's, `draft: false` publishes it."""
    import yaml

    folder = copied / "associations" / "demo-aimh"
    shutil.rmtree(folder / "pages")
    (folder / "examples.yaml").unlink()
    count = iter(range(1, 1000))

    def own(data):
        if isinstance(data, dict):
            return {k: (f"Demo guidelines, p. {next(count)}" if k == "reference" else own(v))
                    for k, v in data.items()}
        if isinstance(data, list):
            return [own(v) for v in data]
        return data

    for name in ("categories", "fees", "renewal", "association"):
        path = folder / f"{name}.yaml"
        data = own(yaml.safe_load(path.read_text()))
        if name == "association":
            data.update(name="Demo AIMH", region="Ohio, USA", summary="A demo association.",
                        contact_email="endorsement@demo.example.org",
                        website="https://demo.example.org/",
                        apply_url="https://demo.example.org/apply",
                        guidelines_url="https://demo.example.org/guidelines",
                        how_to_apply=["Write to us."], draft=False)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    check = run("check", "--content", str(copied))
    assert check.returncode == 0, check.stderr[:3000]
    assert "demo-aimh" not in check.stderr
    summary = build(Options(content=copied, site=tmp_path / "site", runtime=False))
    assert "demo-aimh" in summary["associations"]


def test_drafts_are_left_out_of_the_published_build_only(copied, tmp_path):
    published = build(Options(content=copied, site=tmp_path / "pub", runtime=False))
    assert "demo-aimh" not in published["associations"]
    assert published["drafts"] == ["demo-aimh"]
    assert not (tmp_path / "pub" / "demo-aimh").exists()
    assert "demo-aimh" not in (tmp_path / "pub" / "index.html").read_text()
    preview = build(Options(content=copied, site=tmp_path / "pre", runtime=False, drafts=True))
    assert "demo-aimh" in preview["associations"]
    assert (tmp_path / "pre" / "demo-aimh" / "fees.html").exists()
    cli = run("--content", str(copied), "--site", str(tmp_path / "cli"), "--drafts")
    assert cli.returncode == 0, cli.stderr
    assert "draft associations shown: demo-aimh" in cli.stdout
    assert "Build again without --drafts" in cli.stdout


def test_serve_builds_drafts():
    from sitegen.staff import serve

    source = Path(serve.__file__).read_text()
    assert "drafts=True" in source  # the browser test of serve runs the real thing
