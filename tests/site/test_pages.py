"""The built pages: every figure agrees with the engine; edits land where they should."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BUILD_DATE, quick_build

from calculator.edges import service
from calculator.contentfiles.repository import load_content
from sitegen.pipeline.site import PROJECT, BuildError, Options, build

DAY = BUILD_DATE.isoformat()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def tables(page: BeautifulSoup) -> list[list[list[str]]]:
    """Every table of the article as rows of cell texts (header row first)."""
    out = []
    for table in page.select("article table"):
        rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
                for row in table.find_all("tr")]
        out.append(rows)
    return out


def money(text: str) -> float:
    return float(text.replace("$", "").replace(",", ""))


@pytest.fixture(scope="module")
def rules():
    return load_content(PROJECT / "content")


def _pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html")
            if p.name != "404.html" and "assets" not in p.parts and "search" not in p.parts]


def test_no_staff_footer_in_a_normal_build(built_site):
    """Issue 16, item 10: "this page is made from content/…yaml" is for staff,
    never on a page an applicant reads."""
    pages = _pages(built_site)
    assert len(pages) >= 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "md-generated-from" not in html and "For association staff" not in html, page


def test_every_page_names_its_source_for_staff(tmp_path):
    """A staff build (what `build.py serve` makes) names on every page the
    content file(s) it is made from."""
    quick_build(PROJECT / "content", tmp_path / "site", staff_notes=True)
    pages = _pages(tmp_path / "site")
    assert len(pages) >= 20
    for page in pages:
        notice = soup(page).select_one("article .md-generated-from")
        assert notice is not None, page
        text = notice.get_text(" ")
        assert "content/" in text, f"{page} does not say which content file it comes from"
        files = text.count("content/")
        assert ("those files" if files > 1 else "that file") in text, text


def test_the_dev_server_builds_for_staff(monkeypatch, tmp_path):
    """`build.py serve` is the one build with the staff footer."""
    from sitegen.staff import serve

    built = []

    class Stop(Exception):
        pass

    def first_build(options, state):
        built.append(options)
        raise Stop

    monkeypatch.setattr(serve, "_rebuild", first_build)
    with pytest.raises(Stop):
        serve.serve(Options(site=tmp_path / "site"), port=0)
    assert built[0].staff_notes is True
    assert Options().staff_notes is False


def test_fee_tables_agree_with_the_engine(built_site, rules):
    a = rules.associations["infancy-onward"]
    page = soup(built_site / "infancy-onward" / "fees.html")
    application, individual, agency = tables(page)[:3]
    assert application[0] == ["Category", "Codes", "Registration fee", "Processing fee",
                              "Total application fees"]
    checked = 0
    for row in application[1:]:
        code = row[1].split(" / ")[0]
        if a.add_on(code):
            quote = service.fees(a, "IFA", [code], on=DAY)
            assert money(row[3]) == quote["add_ons"]
        else:
            quote = service.fees(a, code, on=DAY)
            assert [money(c) for c in row[2:5]] == [quote["registration"], quote["processing"],
                                                    quote["total"]]
        checked += 1
    assert checked == len(a.categories) + len(a.add_ons)
    for row in individual[1:]:
        years = int(row[0].split()[0])
        quote = service.fees(a, "IFA", membership="individual", term=years, on=DAY)
        assert money(row[1]) == quote["membership"]
    for row in agency[1:]:
        years = int(row[0].split()[0])
        five = service.fees(a, "IFA", membership="agency", term=years, staff=5, on=DAY)
        six = service.fees(a, "IFA", membership="agency", term=years, staff=6, on=DAY)
        assert money(row[1]) == five["membership"]
        assert money(row[2]) == six["membership"] - five["membership"]
    example = page.select_one("article .admonition.example").get_text(" ", strip=True)
    staff = int(re.search(r"with (\d+) staff", example).group(1))
    total = re.findall(r"\$[\d,]+", example)[-1]
    assert money(total) == service.fees(a, "IFA", membership="agency", term=1, staff=staff,
                                        on=DAY)["membership"]


def test_category_tables_agree_with_the_engine(built_site, rules):
    for slug, a in rules.associations.items():
        for category in a.categories:
            page = soup(built_site / slug / "categories" / f"{category.id}.html")
            rows = [r for t in tables(page) for r in t[1:]]
            by_label = {r[1]: r[2] for r in rows if len(r) == 3}
            reqs = category.requirements + tuple(r for t in category.tracks
                                                 for r in t.requirements)
            for req in reqs:
                assert req.label in by_label, (slug, category.id, req.label)
                if req.kind == "at_least":
                    assert float(by_label[req.label].replace(",", "")) == req.need(BUILD_DATE)
            exam = [r for r in rows if r[0] == "Written exam"][0][1]
            assert exam == ("Yes" if category.exam_required(BUILD_DATE) else "No")


def test_renewal_table_agrees_with_the_engine(built_site, rules):
    a = rules.associations["infancy-onward"]
    page = soup(built_site / "infancy-onward" / "renewal.html")
    table = tables(page)[0]
    checked = []
    for row in table[1:]:
        if not row[0][0].isdigit():
            continue
        years = int(row[0].split()[0])
        # The top row counts every year endorsed, however many (issue 16:
        # "years endorsed as they are"): "3 or more".
        more = row[0].endswith(" or more")
        assert more == (years == max(r.years_endorsed for r in a.renewal.proration.at(BUILD_DATE)))
        for endorsed_years in (years, years + 4) if more else (years,):
            endorsed = f"{2027 - endorsed_years}-12-31"
            result = service.renewal(a, endorsed, "2027-11-01", "IFS", provides_rsc=True)
            assert result["years_endorsed"] == years
            assert [float(c) for c in row[1:4]] == [result["training_hours"],
                                                    result["rsc_provision_training_hours"],
                                                    result["rsc_hours"]]
            checked.append(endorsed_years)
    assert sorted(checked) == [1, 2, 3, 7]
    text = page.select_one("article").get_text(" ")
    assert "December 31" in text and "October 1" in text and "50%" in text


def test_unpublished_fees_say_so(built_site, rules):
    a = rules.associations["aimh-example"]
    text = soup(built_site / "aimh-example" / "fees.html").select_one("article").get_text(" ")
    assert a.fees.message.split(".")[0] in text
    assert not tables(soup(built_site / "aimh-example" / "fees.html"))


def _page_texts(site: Path) -> dict[str, str]:
    out = {}
    for page in site.rglob("*.html"):
        article = soup(page).select_one("article")
        if article is not None:
            out[page.relative_to(site).as_posix()] = article.get_text(" ", strip=True)
    return out


def test_one_fee_change_changes_exactly_the_pages_that_show_it(content_copy, tmp_path):
    before = tmp_path / "before"
    quick_build(content_copy, before)
    fees = content_copy / "associations" / "infancy-onward" / "fees.yaml"
    text = fees.read_text(encoding="utf-8")
    # The Family Specialist processing fee: 50 -> 55.
    marker = 'Processing Fee", IFS/ECFS\n      values:\n        2024-01-01: 50\n'
    assert marker in text
    fees.write_text(text.replace(marker, marker.replace(": 50", ": 55")), encoding="utf-8")
    after = tmp_path / "after"
    quick_build(content_copy, after)
    old, new = _page_texts(before), _page_texts(after)
    changed = {p for p in new if new[p] != old.get(p)}
    assert changed == {"infancy-onward/fees.html",
                       "infancy-onward/categories/family_specialist.html"}
    for page in changed:
        assert "$55" in new[page] and "$80" in new[page]  # 25 registration + 55
    rules_json = "assets/calculator/rules/infancy-onward.json"
    assert '"values":{"2024-01-01":55}' in (after / rules_json).read_text()


def _tree_hash(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(site).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_broken_content_fails_and_leaves_site_untouched(content_copy, tmp_path):
    site = tmp_path / "site"
    quick_build(content_copy, site)
    fingerprint = _tree_hash(site)
    renewal = content_copy / "associations" / "infancy-onward" / "renewal.yaml"
    renewal.write_text(renewal.read_text().replace("2024-01-01: 10\n",
                                                   "2024-01-01: ten\n"))
    with pytest.raises(BuildError) as err:
        quick_build(content_copy, site)
    message = str(err.value)
    assert "renewal.yaml:" in message and "must be a number" in message
    line = int(re.search(r"renewal\.yaml:(\d+)", message).group(1))
    assert "ten" in renewal.read_text().splitlines()[line - 1]
    assert _tree_hash(site) == fingerprint
    assert not list(tmp_path.glob(".site-build-*")), "staging folder left behind"


def test_check_and_build_commands_report_file_and_line(content_copy, tmp_path):
    fees = content_copy / "associations" / "infancy-onward" / "fees.yaml"
    fees.write_text(fees.read_text().replace("2024-01-01: 15\n", "2024-01-01: -15\n"))
    for command in (["check"], ["build", "--site", str(tmp_path / "site")]):
        run = subprocess.run([sys.executable, "build.py", *command, "--content",
                              str(content_copy)], cwd=PROJECT, capture_output=True, text=True)
        assert run.returncode == 1, run.stdout + run.stderr
        assert re.search(r"fees\.yaml:\d+: .*must be 0 or more", run.stderr), run.stderr
        assert "Traceback" not in run.stderr
    assert not (tmp_path / "site").exists()


def test_one_association_alone(content_copy, tmp_path):
    site = tmp_path / "site"
    quick_build(content_copy, site, only=["aimh-example"])
    assert (site / "aimh-example" / "index.html").exists()
    assert not (site / "infancy-onward").exists()
    home = soup(site / "index.html").select_one("article").get_text(" ")
    assert "Example AIMH" in home and "INfancy Onward" not in home


def test_future_value_is_announced_then_applied(content_copy, tmp_path):
    fees = content_copy / "associations" / "infancy-onward" / "fees.yaml"
    text = fees.read_text()
    marker = 'Processing Fee", IFA/ECFA\n      values:\n        2024-01-01: 25\n'
    assert marker in text
    fees.write_text(text.replace(marker, marker + "        2027-01-01:\n          value: 60\n"
                                                  "          reference: Board 2026\n"))
    today = tmp_path / "today"
    quick_build(content_copy, today)
    page = _page_texts(today)["infancy-onward/fees.html"]
    assert "From January 1, 2027" in page and "60" in page
    row = [r for r in tables(soup(today / "infancy-onward" / "fees.html"))[0]
           if r[0] == "Family Associate"][0]
    assert row[3] == "$25"
    later = tmp_path / "later"
    from datetime import date

    quick_build(content_copy, later, on=date(2027, 2, 1))
    row = [r for r in tables(soup(later / "infancy-onward" / "fees.html"))[0]
           if r[0] == "Family Associate"][0]
    assert row[3] == "$60" and row[4] == "$75"


def test_yaml_text_is_escaped_on_pages(content_copy, tmp_path):
    cats = content_copy / "associations" / "infancy-onward" / "categories.yaml"
    hostile = "<img src=x onerror=alert(1)> | *bold*"
    cats.write_text(cats.read_text().replace("label: Min. 33 hrs.",
                                             f"label: '{hostile}'", 1))
    site = tmp_path / "site"
    quick_build(content_copy, site)
    page = soup(site / "infancy-onward" / "categories" / "family_associate.html")
    assert page.select_one("article img") is None
    assert hostile in page.select_one("article").get_text("", strip=False)


def test_build_is_all_or_nothing_when_mkdocs_fails(content_copy, tmp_path):
    site = tmp_path / "site"
    quick_build(content_copy, site)
    fingerprint = _tree_hash(site)
    prose = content_copy / "associations" / "infancy-onward" / "pages" / "apply.md"
    prose.write_text(prose.read_text() + "\n[broken](no-such-page.md)\n")
    with pytest.raises(BuildError):
        build(Options(content=content_copy, site=site, on=BUILD_DATE, runtime=False))
    assert _tree_hash(site) == fingerprint


def test_build_without_node_modules_says_so_in_one_line(tmp_path, monkeypatch, capsys) -> None:
    """No traceback when the pinned Pyodide is not installed: what to run instead."""
    import build as build_script
    from sitegen.bundle import runtime

    monkeypatch.setattr(runtime, "PYODIDE", tmp_path / "node_modules" / "pyodide")
    site = tmp_path / "site"
    assert build_script.main(["--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and not site.exists()
    assert err.splitlines()[-1] == ("node_modules/pyodide is missing: run `npm ci` (./dev setup "
                                    "does) to install the pinned Pyodide runtime.")


def test_compare_marks_a_track_requirement_with_its_track(built_site):
    """The booklet's table reads 'Min. 50 hrs. received' for Mentors, but only
    the Clinical track needs them (categories.yaml): the cell says so."""
    [table] = tables(soup(built_site / "infancy-onward" / "compare.html"))[:1]
    header = table[0]
    mentor = header.index("Mental Health Mentor")
    [rsc] = [row for row in table if row[0] == "Reflective supervision/consultation"]
    assert rsc[mentor].startswith("Clinical track: Min. 50 hrs. received"), rsc[mentor]
