"""The engine needs only the standard library (it also runs under Pyodide).

A fresh interpreter started with ``-I -S`` (isolated, no site-packages at all)
and with ``import yaml`` blocked imports ``calculator``, builds both
associations from JSON (``json.dumps`` of the data read from content/, exactly
what the browser gets) and runs all three computations. It reports every module
the engine imported; each must be part of the standard library. Its answers
must equal the ones computed here from the YAML.
"""

from __future__ import annotations

import json
import subprocess
import sys

from engine_helpers import ROOT, SLUGS, content

from calculator.edges import service

QUESTIONS = {
    "infancy-onward": {
        "profile": {"age_focus": "early_childhood", "scope": "macro", "mentor_track": "clinical",
                    "education": "master", "leadership_years": 3, "training_hours": 32.5,
                    "references": 3, "endorsed": True},
        "fees": {"category": "ECMHM", "add_ons": ["ERS"], "membership": "agency", "term": 2,
                 "staff": 8},
        "renewal": {"endorsed_on": "2025-12-31", "as_of": "2027-10-01", "category": "IMHM",
                    "track": "clinical", "provides_rsc": True,
                    "logged": {"training_attended": 20, "training_provided": 20}},
    },
    "aimh-example": {
        "profile": {"scope": "promotion", "cda_credential": True, "references": 3,
                    "training_hours": 30},
        "fees": {"category": "IMHS"},
        "renewal": {"endorsed_on": "2025-01-01", "as_of": "2026-11-25"},
    },
}
ON = "2026-11-25"

CHILD = r"""
import json, sys
sys.modules["yaml"] = None          # `import yaml` now fails, even if it were installed
before = set(sys.modules)
sys.path.insert(0, sys.argv[1])
import calculator
from calculator.edges import service

data = json.loads(sys.stdin.read())
catalog = calculator.load_facts(data["facts"])
out = {}
for slug, rules in data["associations"].items():
    association = calculator.load_association(slug, rules, catalog)
    q = data["questions"][slug]
    r = q["renewal"]
    out[slug] = {
        "eligibility": service.eligibility(association, q["profile"], data["on"]),
        "fees": service.fees(association, on=data["on"], **q["fees"]),
        "renewal": service.renewal(association, r["endorsed_on"], r["as_of"], r.get("category"),
                                   r.get("track"), r.get("provides_rsc", False),
                                   r.get("logged")),
        "answer": service.answer(association, {"profile": q["profile"], "on": data["on"],
                                               "fees": q["fees"], "renewal": r}),
    }
imported = sorted({m.split(".")[0] for m in set(sys.modules) - before})
print(json.dumps({"results": out, "imported": imported, "yaml": "yaml" in sys.modules
                  and sys.modules["yaml"] is not None, "site": "site" in sys.modules}))
"""


def _in_process(slug: str) -> dict:
    association = content().associations[slug]
    q = QUESTIONS[slug]
    r = q["renewal"]
    return {
        "eligibility": service.eligibility(association, q["profile"], ON),
        "fees": service.fees(association, on=ON, **q["fees"]),
        "renewal": service.renewal(association, r["endorsed_on"], r["as_of"], r.get("category"),
                                   r.get("track"), r.get("provides_rsc", False), r.get("logged")),
        "answer": service.answer(association, {"profile": q["profile"], "on": ON,
                                               "fees": q["fees"], "renewal": r}),
    }


def _run_child() -> dict:
    loaded = content()
    payload = json.dumps({
        "facts": loaded.facts_data,
        "associations": {slug: loaded.data[slug] for slug in SLUGS},
        "questions": QUESTIONS,
        "on": ON,
    })
    done = subprocess.run([sys.executable, "-I", "-S", "-c", CHILD, str(ROOT)], input=payload,
                          capture_output=True, text=True, timeout=120, check=False, cwd="/")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_engine_runs_with_the_standard_library_only() -> None:
    report = _run_child()
    assert report["yaml"] is False
    assert report["site"] is False  # -S: no site-packages on the path at all
    foreign = [m for m in report["imported"]
               if m != "calculator" and m not in sys.stdlib_module_names]
    assert not foreign, f"the engine imported modules outside the standard library: {foreign}"
    assert "calculator" in report["imported"]


def test_json_rules_give_the_same_answers_as_yaml_rules() -> None:
    report = _run_child()
    for slug in SLUGS:
        child = report["results"][slug]
        here = json.loads(json.dumps(_in_process(slug)))
        for part in ("eligibility", "fees", "renewal"):
            assert child[part] == here[part], (slug, part)
        # answer() defaults some dates to today; both ran today with explicit dates.
        assert child["answer"] == here["answer"], slug
    assert report["results"]["infancy-onward"]["eligibility"]["recommended"] == "ECMHM"
    assert report["results"]["infancy-onward"]["fees"]["total"] == 325 + 50 + 425 + 3 * 85
    assert report["results"]["infancy-onward"]["renewal"]["years_endorsed"] == 2
    assert report["results"]["aimh-example"]["fees"]["published"] is False


def test_the_engine_does_not_import_the_yaml_edge() -> None:
    done = subprocess.run(
        [sys.executable, "-I", "-c",
         "import sys; sys.path.insert(0, sys.argv[1]); import calculator; "
         "print(sorted(m for m in sys.modules if m.startswith('calculator.')))", str(ROOT)],
        capture_output=True, text=True, timeout=60, check=False, cwd="/")
    assert done.returncode == 0, done.stderr
    assert "calculator.contentfiles" not in done.stdout
    assert "yaml" not in done.stdout
