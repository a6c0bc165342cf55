"""deploy/: the generated header files follow sitegen/csp.py; the CI workflow checks
before it builds and publishes site/."""

from __future__ import annotations

from pathlib import Path

import yaml

from sitegen import csp

PROJECT = Path(__file__).resolve().parent.parent


def test_committed_deploy_files_are_what_the_generator_writes():
    generated = csp.deploy_files()
    assert set(generated) == {"_headers", "nginx.conf"}
    for name, text in generated.items():
        committed = (PROJECT / "deploy" / name).read_text(encoding="utf-8")
        assert committed == text, f"deploy/{name} is stale: run python build.py and commit it"
    assert f"  Content-Security-Policy: {csp.header_policy()}\n" in generated["_headers"]
    assert f'add_header Content-Security-Policy "{csp.header_policy()}" always;' \
        in generated["nginx.conf"]


def test_the_policy_is_written_once():
    # The partial prints the policy from the build's config; no copy of it is kept there.
    partial = (PROJECT / "overrides" / "partials" / "csp.html").read_text(encoding="utf-8")
    assert "config.extra.csp" in partial and "script-src" not in partial.split("#}")[-1]
    for template in (PROJECT / "sitegen" / "templates" / "deploy").iterdir():
        assert "script-src" not in template.read_text(encoding="utf-8")
    assert csp.header_policy().startswith(csp.meta_policy() + "; ")


def test_write_deploy_files_repairs_a_stale_copy(tmp_path):
    for name, text in csp.deploy_files().items():
        (tmp_path / name).write_text(text.replace("'self'", "'none'"), encoding="utf-8")
    written = csp.write_deploy_files(tmp_path)
    assert sorted(p.name for p in written) == ["_headers", "nginx.conf"]
    assert csp.write_deploy_files(tmp_path) == []  # already in step: nothing written


def test_workflow_checks_then_builds_then_publishes_site():
    workflow = yaml.safe_load((PROJECT / "deploy" / "github-pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    check = next(i for i, r in enumerate(runs) if r.strip().endswith("build.py check"))
    build = next(i for i, r in enumerate(runs) if r.strip().endswith("build.py"))
    upload = next(i for i, s in enumerate(steps)
                  if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert check < build < upload
    assert steps[upload]["with"]["path"] == "site/"
    assert any("requirements.txt" in r for r in runs) and any("npm ci" in r for r in runs)
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_workflow_rebuilds_daily():
    """Pages are never stale: a dated value reaches every page on its first day."""
    text = (PROJECT / "deploy" / "github-pages.yml").read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert len(crons) == 1
    minute, hour, day, month, weekday = crons[0].split()
    assert (day, month, weekday) == ("*", "*", "*") and hour.isdigit() and minute.isdigit()
    assert triggers["push"]["branches"] == ["main"]
    # The feed dates a change by the commit that published it: full history.
    checkout = workflow["jobs"]["build"]["steps"][0]
    assert checkout["uses"].startswith("actions/checkout") and \
        checkout["with"]["fetch-depth"] == 0
