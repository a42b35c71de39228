"""The course bibliography: every citation leads to an entry, and `sales-course check` fails on one
that does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from course import bibliography
from course.instructor import authoring


def test_every_entry_has_a_full_citation_what_it_found_and_a_confidence() -> None:
    keys = [s.key for s in bibliography.SOURCES]
    assert len(keys) == len(set(keys)), "one entry per source"
    for source in bibliography.SOURCES:
        assert bibliography.CITATION.fullmatch(f"[{source.key}]"), source.key
        assert source.short and source.citation and source.found
        assert any(word in source.confidence for word in ("High", "Medium", "Low")), source.key
        assert "(" in source.citation and ")" in source.citation  # a year in parentheses


def test_corrected_entries_say_what_the_sources_say() -> None:
    kessler = bibliography.BY_KEY["kessler-leider-2016"]
    assert "Journal of Law, Economics, and Organization" in kessler.citation and "2013" in kessler.citation
    assert "course's, not the study's" in kessler.found
    assert (
        "irrespective of the ability to monitor or control"
        in bibliography.BY_KEY["mayer-davis-schoorman-1995"].found
    )
    assert bibliography.BY_KEY["owens-grossman-fackler-2014"].confidence.startswith("Medium")
    assert bibliography.BY_KEY["theeboom-2014"].confidence.startswith("Medium")
    assert "fourth" in bibliography.BY_KEY["depaul-2010"].found
    assert bibliography.BY_KEY["depaul-2010"].confidence.startswith("Low-Medium")
    assert "upper estimate" in bibliography.BY_KEY["hbr-2017-turnover"].found
    assert "Computers in Human Behavior Reports" in bibliography.BY_KEY["siegel-koenig-lazar-2022"].citation
    assert "Four repetitions" in bibliography.BY_KEY["ziegelmeyer-2012"].found
    assert "476" in bibliography.BY_KEY["ziegelmeyer-2012"].found
    for key in ("pierce-snow-mcafee-2015", "nagin-2002"):
        assert key in bibliography.BY_KEY


def test_citations_are_found_and_unknown_keys_named() -> None:
    text = "As [falk-kosfeld-2006] and [no-such-study-1999] found; a list[int] is no citation."
    assert bibliography.cited_keys(text) == ["falk-kosfeld-2006", "no-such-study-1999"]
    assert bibliography.unknown_citations(text) == ["no-such-study-1999"]
    assert bibliography.cite("falk-kosfeld-2006").startswith("Falk, A., & Kosfeld, M. (2006)")
    assert "Confidence: High" in bibliography.cite("falk-kosfeld-2006")


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
    assert "Falk, A., &amp; Kosfeld, M. (2006)" in shown._repr_html_()
    assert "Confidence: High" in repr(shown)


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
