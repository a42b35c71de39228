"""The course bibliography: every citation leads to an entry, and `sales-course check` fails on one
that does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from course import bibliography
from course.instructor import authoring


def test_every_entry_has_a_full_citation_what_it_found_and_a_computed_label() -> None:
    keys = [s.key for s in bibliography.SOURCES]
    assert len(keys) == len(set(keys)), "one entry per source"
    for source in bibliography.SOURCES:
        assert bibliography.CITATION.fullmatch(f"[{source.key}]"), source.key
        assert source.short and source.citation and source.found and source.reason
        assert source.label in ("High", "Medium", "Low", "Not rated"), source.key
        assert "(" in source.citation and ")" in source.citation  # a year in parentheses


def test_corrected_entries_say_what_the_sources_say() -> None:
    by_key = bibliography.BY_KEY
    kessler = by_key["kessler-leider-2016"]
    assert "Journal of Law, Economics, and Organization" in kessler.citation and "2013" in kessler.citation
    assert "course's, not the study's" in kessler.found and "weak" in kessler.found
    assert "irrespective of the ability to monitor or control" in by_key["mayer-davis-schoorman-1995"].found
    assert "fourth" in by_key["depaul-2010"].found
    assert "upper estimate" in by_key["hbr-2017-turnover"].found
    assert "Computers in Human Behavior Reports" in by_key["siegel-koenig-lazar-2022"].citation
    ziegelmeyer = by_key["ziegelmeyer-2012"]
    assert "Four repetitions" in ziegelmeyer.found and "476" in ziegelmeyer.found
    assert "hypothetical incentives" in ziegelmeyer.found and "flat pay" not in ziegelmeyer.found
    assert "after all administration, reporting" in by_key["ipg-2006"].found
    assert "SaaS inside-sales" in by_key["bridge-group-ramp"].found
    assert "Allan Campbell and Dennis Fialho" in by_key["houghton-2016"].found
    assert "Allan Campbell and Dennis Fialho" in by_key["houghton-2016"].citation  # the CSL note
    assert "larger mean effect" in by_key["garbers-konradt-2014"].found
    assert "0.31 for self-reported interest" in by_key["deci-koestner-ryan-1999"].found
    assert "all the coaches were professional coaches" in by_key["theeboom-2014"].found
    for key in ("pierce-snow-mcafee-2015", "nagin-2002"):
        assert key in by_key


def test_the_rule_starts_by_design_and_downgrades_for_each_concern() -> None:
    rule = bibliography.Appraisal
    appraise = bibliography.appraise
    # GRADE: a randomised study starts High; observing starts Low; a theory is not a test.
    assert appraise(rule("field experiment", "salespeople", 1000, "single")) == (
        "High",
        "one field experiment of salespeople",
    )
    assert appraise(rule("field study", "salespeople", 1000, "single"))[0] == "Low"
    assert appraise(rule("theory", "none", None, "single")) == (
        "Not rated",
        "a theory, not evidence about sales teams",
    )
    assert appraise(rule("practice", "salespeople", None, "single")) == (
        "Low",
        "practitioners' advice, not a study",
    )
    # Indirectness: one level off for other jobs, two for a lab with students.
    assert appraise(rule("field experiment", "employees", 1000, "single"))[0] == "Medium"
    assert appraise(rule("field experiment", "students", 1000, "single"))[0] == "Low"
    # Imprecision (fewer than 400 in one study), inconsistency, and named risks of bias.
    assert appraise(rule("field experiment", "salespeople", 120, "single")) == (
        "Medium",
        "one field experiment of salespeople; only 120 studied",
    )
    assert appraise(rule("field experiment", "salespeople", None, "contested"))[0] == "Medium"
    assert appraise(rule("field experiment", "salespeople", None, "single", ("self-reports",)))[0] == "Medium"
    # The issue's own example: one lab game with students is Low for sales teams.
    falk = bibliography.BY_KEY["falk-kosfeld-2006"]
    assert falk.label == "Low" and falk.reason.startswith("one lab experiment with students")
    assert falk.confidence.endswith(": Low for sales teams")
    import pytest

    with pytest.raises(ValueError, match="design must be one of"):
        rule("case study", "salespeople", 10, "single")
    with pytest.raises(ValueError, match="population must be one of"):
        rule("survey", "managers", 10, "single")


def test_the_labels_the_rule_gives_the_sources_the_issue_names() -> None:
    label = {key: source.label for key, source in bibliography.BY_KEY.items()}
    # Section 10 of the research notes: none of these is strong evidence about sales teams.
    for key in (
        "falk-kosfeld-2006",
        "larkin-2014",
        "graham-harvey-rajgopal-2005",
        "owens-grossman-fackler-2014",
    ):
        assert label[key] == "Low", key
    for key in (
        "gallup-2015",
        "hbr-2017-turnover",
        "bridge-group-ramp",
        "iconiq-ipo-study",
        "cso-insights-2016",
    ):
        assert label[key] == "Low", key
    assert label["nagin-2002"] == "Medium" and label["landry-2011"] == "Medium"
    assert label["lim-2009"] == "High"  # field experiments with salespeople


def test_the_sources_are_csl_json_that_zotero_imports_with_the_appraisal_beside_them() -> None:
    import json

    items = json.loads(bibliography.CSL_JSON.read_text(encoding="utf-8"))
    appraisal = json.loads(bibliography.APPRAISAL_JSON.read_text(encoding="utf-8"))
    assert isinstance(items, list) and {item["id"] for item in items} == set(appraisal) == set(
        bibliography.BY_KEY
    )
    csl_types = {
        "article-journal",
        "article-magazine",
        "book",
        "chapter",
        "report",
        "paper-conference",
        "webpage",
        "post-weblog",
        "article",
    }
    for item in items:
        assert item["type"] in csl_types, item["id"]
        assert item["title"] and item["author"], item["id"]
        year = item["issued"]["date-parts"][0][0]
        assert 1900 < year < 2100, item["id"]
        assert not {"label", "confidence"} & set(item), "nobody types a label"
    for entry in appraisal.values():
        assert "label" not in entry and "confidence" not in entry, "labels are computed, never stored"
    # The data ships with the package, so an installed course finds it.
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"course" = ["data/*.json"]' in pyproject


def test_citations_are_formatted_from_the_data_by_citeproc() -> None:
    falk = bibliography.cite("falk-kosfeld-2006")
    assert falk.startswith("Falk, A. and Kosfeld, M. (2006) \u201cThe hidden costs of control\u201d")
    assert "American Economic Review, 96(5), pp. 1611\u20131630." in falk
    assert "Working Paper 4188" in bibliography.BY_KEY["kessler-leider-2016"].citation  # a CSL note, appended


def test_a_stated_label_is_read_in_each_way_the_course_writes_one() -> None:
    text = (
        "A [lim-2009] (high); b [oyer-1998], High for firms. c [larkin-2014]. *Confidence: low to medium*.\n"
        "d [nagin-2002] found that some cheated. e [falk-kosfeld-2006]. *Confidence: low for sales teams*."
    )
    assert bibliography.stated_labels(text) == [
        ("lim-2009", "High"),
        ("oyer-1998", "High"),
        ("larkin-2014", "Low-Medium"),
        ("falk-kosfeld-2006", "Low"),
    ]
    assert bibliography.wrong_labels(text) == [
        "[oyer-1998] says High, the rule gives Low",
        "[larkin-2014] says Low-Medium, the rule gives Low",
    ]


def test_every_label_the_course_states_is_the_computed_one(course_root: Path) -> None:
    stated = 0
    for path in bibliography.files_that_cite(course_root):
        if path.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        else:
            text = path.read_text(encoding="utf-8")
        assert bibliography.wrong_labels(text) == [], path
        stated += len(bibliography.stated_labels(text))
    assert stated > 60  # the notebooks, models and guide state labels; each one was checked


def test_the_check_fails_on_a_label_that_differs_from_the_computed_one(
    tmp_path: Path, course_root: Path
) -> None:
    copy = tmp_path / "course"
    shutil.copytree(course_root / "solutions", copy / "solutions")
    notebook = next((copy / "solutions").rglob("leader_not_manager.ipynb"))
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[2].source += "\n\nThe lab game is strong evidence [falk-kosfeld-2006] (High)."
    nbformat.write(nb, notebook)
    report = authoring.Report()
    authoring.check_citations(copy, report)
    wrong = [p for p in report.problems if "appraisal rule" in p]
    assert wrong and "[falk-kosfeld-2006] says High, the rule gives Low" in wrong[0]
    assert "leader_not_manager.ipynb" in wrong[0]


# Studies that qualify or contradict the essay (the research notes' section 10), by module.
COUNTER_EVIDENCE = {
    "01_leader_not_manager": {
        "landry-2011",
        "challagalla-shervani-1996",
        "ahearne-2004",
        "hunter-perreault-2007",
    },
    "02_trust": {"kim-2006", "ferrin-2007", "frazier-2017"},
    "03_coaching": {"dahling-2016", "jones-woods-guillaume-2016"},
    "04_start_small": {"steenburgh-2008", "kishore-2013"},
    "05_pebbles_and_quarters": {"steenburgh-2008", "kishore-2013"},
    "06_one_team": {"chan-li-pierce-2014", "lazear-1989", "sa-vinhas-anderson-2005", "sa-vinhas-heide-2015"},
    "07_leap_of_faith": {"moore-1991"},
}


def test_each_module_names_research_that_qualifies_the_essay(course_root: Path) -> None:
    for module, keys in COUNTER_EVIDENCE.items():
        notebook = next((course_root / "solutions" / module).glob("*.ipynb"))
        text = "\n".join(
            c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "markdown"
        )
        assert keys <= set(bibliography.cited_keys(text)), (
            module,
            sorted(keys - set(bibliography.cited_keys(text))),
        )
    leap = next((course_root / "solutions" / "07_leap_of_faith").glob("*.ipynb"))
    assert "**The chasm.**" in leap.read_text(encoding="utf-8")


def test_citations_are_found_and_unknown_keys_named() -> None:
    text = "As [falk-kosfeld-2006] and [no-such-study-1999] found; a list[int] is no citation."
    assert bibliography.cited_keys(text) == ["falk-kosfeld-2006", "no-such-study-1999"]
    assert bibliography.unknown_citations(text) == ["no-such-study-1999"]
    assert bibliography.cite("falk-kosfeld-2006").startswith("Falk, A. and Kosfeld, M. (2006)")
    assert "Confidence: Low for sales teams (one lab experiment with students" in bibliography.cite(
        "falk-kosfeld-2006"
    )


def test_every_citation_in_the_course_is_in_the_bibliography(course_root: Path) -> None:
    report = authoring.Report()
    authoring.check_citations(course_root, report)
    assert report.ok, report.problems
    cited = set()
    for path in bibliography.files_that_cite(course_root):
        if path.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        else:
            text = path.read_text(encoding="utf-8")
        cited |= set(bibliography.cited_keys(text))
    assert {"falk-kosfeld-2006", "ipg-2006", "kessler-leider-2016"} <= cited


def test_the_check_fails_on_a_citation_that_is_not_in_the_bibliography(
    tmp_path: Path, course_root: Path
) -> None:
    copy = tmp_path / "course"
    shutil.copytree(course_root / "solutions", copy / "solutions")
    notebook = next((copy / "solutions").rglob("leader_not_manager.ipynb"))
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[2].source += "\n\nA made-up study agrees [made-up-2020]."
    nbformat.write(nb, notebook)
    report = authoring.Report()
    authoring.check_citations(copy, report)
    assert not report.ok
    assert "[made-up-2020]" in report.problems[0] and "leader_not_manager.ipynb" in report.problems[0]


def test_nothing_in_the_project_points_at_a_file_outside_the_repository(course_root: Path) -> None:
    outside = "shared/" + "research"  # split, so this file does not match itself
    found = [
        path.relative_to(course_root).as_posix()
        for folder in ("course", "docs", "solutions", "tests", "benchmarks")
        for path in (course_root / folder).rglob("*")
        if path.suffix in (".py", ".md", ".ipynb")
        and path.is_file()
        and outside in path.read_text(encoding="utf-8")
    ]
    assert not found


def test_an_unknown_key_is_named_when_looked_up() -> None:
    import pytest

    with pytest.raises(KeyError, match="not in the course bibliography"):
        bibliography.cite("no-such-study-1999")
    assert "[falk-kosfeld-2006]" in bibliography.markdown()


def test_each_module_shows_its_trainees_every_source_it_cites(course_root: Path) -> None:
    report = authoring.Report()
    authoring.check_citations(course_root, report)
    assert report.ok, report.problems
    shown = bibliography.sources("01_leader_not_manager")
    assert "falk-kosfeld-2006" in {s.key for s in shown}
    assert "Falk, A. and Kosfeld, M. (2006)" in shown._repr_html_()
    assert "<b>Low</b> for sales teams" in shown._repr_html_()
    assert "Confidence: Low for sales teams" in repr(shown)


def test_the_check_fails_on_a_citation_missing_from_the_sources_cell(
    tmp_path: Path, course_root: Path
) -> None:
    import pytest

    copy = tmp_path / "course"
    shutil.copytree(course_root / "solutions", copy / "solutions")
    notebook = next((copy / "solutions").rglob("trust.ipynb"))
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[2].source += "\n\nSee also [ravid-2023]."  # in the bibliography, not in module 02's list
    nb.cells = [c for c in nb.cells if 'sources("02_trust")' not in c.source]
    nbformat.write(nb, notebook)
    report = authoring.Report()
    authoring.check_citations(copy, report)
    assert any("ravid-2023" in p and "Sources cell does not show" in p for p in report.problems)
    assert any("has no closing Sources cell" in p for p in report.problems)
    with pytest.raises(ValueError, match="assignment must be one of"):
        bibliography.sources("02_turst")


def test_the_bibliography_page_in_docs_is_up_to_date(course_root: Path) -> None:
    page = (course_root / "docs" / "BIBLIOGRAPHY.md").read_text(encoding="utf-8")
    assert page.strip() == bibliography.markdown().strip(), (
        "docs/BIBLIOGRAPHY.md is out of date: python -m course.bibliography > docs/BIBLIOGRAPHY.md"
    )


def test_each_modules_sources_cell_shows_every_key_its_assumptions_tables_cite() -> None:
    # Review 01 finding 4: control.assumptions() cited four keys module 01's list lacked.
    from course.scenarios import coaching, control, leap_of_faith, one_team, pebbles, start_small, trust

    for module, scenario in (
        ("01_leader_not_manager", control),
        ("02_trust", trust),
        ("03_coaching", coaching),
        ("04_start_small", start_small),
        ("05_pebbles_and_quarters", pebbles),
        ("06_one_team", one_team),
        ("07_leap_of_faith", leap_of_faith),
    ):
        listed = set(bibliography.READING_LISTS[module])
        for full in (False, True):
            table = scenario.assumptions(full=full)
            cited = set(bibliography.cited_keys(str(table))) | set(
                bibliography.cited_keys(table._repr_html_())
            )
            assert cited, (module, full)
            assert cited <= listed, f"{module} assumptions(full={full}) cites {sorted(cited - listed)}"


def test_definitions_methods_theories_and_models_are_not_rated_and_a_low_stated_for_them_fails() -> None:
    by_key = bibliography.BY_KEY
    # A method paper or a definition offers no evidence about sales teams: no level applies.
    for key in ("sterman-2000", "barlas-1996", "forrester-senge-1980", "guyatt-2008", "balshem-2011"):
        assert by_key[key].label == "Not rated", key
        assert by_key[key].confidence == "Not rated: a method, not evidence about sales teams"
    for key in ("kember-2008", "shapley-1953", "mayer-davis-schoorman-1995", "bass-1969"):
        assert not by_key[key].rated, key
        assert "for sales teams" not in by_key[key].verdict
    # Practitioners' advice claims what works in selling: it is rated, at the lowest level.
    assert by_key["channel-practice"].label == "Low" and by_key["moore-1991"].rated
    assert by_key["whitmore-grow"].label == "Low"  # GROW advises: ask rather than tell
    # The check reads "not rated" as a label and compares it both ways.
    assert bibliography.stated_labels("[sterman-2000] (Not rated)") == [("sterman-2000", "Not rated")]
    assert (
        bibliography.wrong_labels("[sterman-2000] (Not rated). [bass-1969]. *Confidence: not rated*.") == []
    )
    assert bibliography.wrong_labels("[sterman-2000] (Low)") == [
        "[sterman-2000] says Low, the rule gives Not rated"
    ]
    assert bibliography.wrong_labels("[larkin-2014] (not rated)") == [
        "[larkin-2014] says Not rated, the rule gives Low"
    ]
    # Every page a trainee or an instructor reads words it the same way.
    assert "Not rated (a method, not evidence about sales teams)" in bibliography.cite("sterman-2000")
    assert "Says: " in bibliography.cite("sterman-2000") and "Found: " in bibliography.cite("larkin-2014")
    table = bibliography.SourceList([by_key["barlas-1996"], by_key["larkin-2014"]])._repr_html_()
    assert "<b>Not rated</b>: a method" in table and "<b>Low</b> for sales teams" in table
    assert "**Not rated** (a method, not evidence about sales teams)" in bibliography.markdown()
