"""deploy/: the generated header files follow sitegen/csp.py; the CI workflow checks
before it builds and publishes site/."""

from __future__ import annotations

import yaml

from sitegen.bundle import csp
from sitegen.paths import PROJECT


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
    for template in (PROJECT / "sitegen" / "bundle" / "deploy").iterdir():
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


def test_pull_request_workflow_checks_comments_previews_and_fails():
    """Item 2 of issue 17: a pull request shows what changes for applicants,
    with references, carries a preview of the site, and fails on a problem."""
    workflow = yaml.safe_load((PROJECT / "deploy" / "pull-request.yml").read_text())
    assert workflow[True]["pull_request"]["branches"] == ["main"]
    assert workflow["permissions"]["pull-requests"] == "write"
    steps = workflow["jobs"]["review"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout") and \
        steps[0]["with"]["fetch-depth"] == 0
    runs = [s.get("run", "") for s in steps]

    def index(pred) -> int:
        return next(i for i, s in enumerate(steps) if pred(s))

    check = index(lambda s: "build.py check" in s.get("run", ""))
    assert steps[check]["id"] == "check" and steps[check]["continue-on-error"] is True
    assert "pipefail" in steps[check]["run"]  # tee must not hide check's exit status
    changes = index(lambda s: "build.py changes" in s.get("run", ""))
    assert "--since" in steps[changes]["run"] and "github.base_ref" in steps[changes]["run"]
    comment = index(lambda s: "gh pr comment" in s.get("run", ""))
    assert "changes.txt" in steps[comment]["run"] and "check.txt" in steps[comment]["run"]
    assert steps[comment]["env"]["GH_TOKEN"] == "${{ github.token }}"
    build = index(lambda s: s.get("run", "").strip() == ".venv/bin/python build.py")
    upload = index(lambda s: s.get("uses", "").startswith("actions/upload-artifact"))
    assert steps[upload]["with"]["path"] == "site/"
    fail = index(lambda s: "exit 1" in s.get("run", ""))
    assert steps[fail]["if"] == "steps.check.outcome != 'success'"
    assert check < changes < comment < build < upload < fail == len(steps) - 1
    assert any("requirements.txt" in r for r in runs) and any("npm ci" in r for r in runs)
    # Publishing is the other workflow's, on merge (a push to main) only.
    assert "deploy-pages" not in (PROJECT / "deploy" / "pull-request.yml").read_text()
