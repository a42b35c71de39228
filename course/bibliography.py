"""The course bibliography: one entry per source the notebooks, the models and the guides cite.

Everything that cites a source names it by key in square brackets, such as
``[falk-kosfeld-2006]``: a notebook's readings, a model's ``Params`` comments and
docstring, ``docs/FACILITATOR_GUIDE.md``. ``sales-course check`` fails on a key that
is not here (:func:`unknown_citations`) and on a stated label that differs from the
computed one (:func:`wrong_labels`).

The sources are data, not code: ``course/data/sources.json`` is CSL-JSON (the format
Zotero, Mendeley and pandoc read; an instructor imports it into Zotero in one step), and
``course/data/appraisal.json`` holds, beside each entry, what the appraisal rule needs:
the design, the population studied, the size, whether others repeated it, and any serious
limitation. The label (High, Medium or Low, for sales teams; "Not rated" for a definition, a
method, a theory or a model, which offers no evidence to rate) and its reason in a few words
are computed by :func:`appraise`, a GRADE-style start-and-downgrade described in
docs/EVIDENCE_RULE.md; nobody types a label. Citations are formatted from the data by
citeproc-py with the Harvard style it ships, so nothing is fetched at run time.

``python -m course.bibliography`` prints the whole list as Markdown; docs/BIBLIOGRAPHY.md holds
that page for instructors, and a test keeps it up to date.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
CSL_JSON = DATA / "sources.json"  # the Zotero import: File > Import > this file
APPRAISAL_JSON = DATA / "appraisal.json"

# --- The appraisal rule (docs/EVIDENCE_RULE.md; GRADE: Guyatt et al. 2008, Balshem et al. 2011) ---
# GRADE's four levels as numbers; the course shows 4 High, 3 Medium, and 2 or 1 as Low.
LABELS = {4: "High", 3: "Medium", 2: "Low", 1: "Low"}
RANDOMISED = {"meta-analysis of experiments", "field experiment", "lab experiment"}
OBSERVATIONAL = {"meta-analysis of field studies", "field study", "survey"}
# Sources that offer no evidence about an effect at all: a definition (Shapley's value, Kember's
# levels of reflection), a method (GRADE itself, the tests of a simulation model, a coaching
# framework), a theory, or a model. GRADE rates a body of evidence; these are none, so rating
# them "Low for sales teams" would read as a verdict on evidence they never offered.
NOT_RATED = {"definition", "method", "theory", "model"}
NOT_RATED_LABEL = "Not rated"
# Practitioners' advice does claim what works in sales, from experience: rated, at GRADE's lowest.
NOT_A_STUDY = NOT_RATED | {"practice"}
DESIGNS = RANDOMISED | OBSERVATIONAL | NOT_A_STUDY
# How far each population is from the course's question (does this hold for sales teams?):
# GRADE rates down one level for a population that differs, two when population and setting
# both differ (a lab game with students says nothing yet about work, let alone selling).
INDIRECTNESS = {
    "salespeople": 0,
    "employees": 1,
    "executives": 1,
    "firms": 1,
    "mixed": 1,
    "public": 2,
    "students": 2,
}
POPULATIONS = set(INDIRECTNESS) | {"none"}
REPLICATION = {"single", "replicated", "contested"}
# GRADE's rule of thumb for imprecision: a continuous outcome from fewer than 400 people.
OPTIMAL_INFORMATION_SIZE = 400

_DESIGN_WORDS = {
    "meta-analysis of experiments": ("a meta-analysis of experiments", "a meta-analysis of experiments"),
    "meta-analysis of field studies": (
        "a meta-analysis of correlational studies",
        "a meta-analysis of correlational studies",
    ),
    "field experiment": ("one field experiment", "field experiments"),
    "lab experiment": ("one lab experiment", "lab experiments"),
    "field study": ("one field study", "field studies"),
    "survey": ("one survey", "surveys"),
    "theory": ("a theory, not evidence about sales teams", ""),
    "model": ("a model, not evidence about sales teams", ""),
    "definition": ("a definition, not evidence about sales teams", ""),
    "method": ("a method, not evidence about sales teams", ""),
    "practice": ("practitioners' advice, not a study", ""),
}
_POPULATION_WORDS = {
    "salespeople": "of salespeople",
    "employees": "of employees outside sales",
    "executives": "of executives",
    "firms": "of firms",
    "mixed": "of students and employees",
    "public": "of the public",
    "students": "with students",
    "none": "",
}


@dataclass(frozen=True)
class Appraisal:
    """What the rule needs to know about one source (course/data/appraisal.json)."""

    design: str
    population: str
    size: int | None  # people (or firms) studied; None when the course has not checked it
    replication: str  # "single", "replicated" (others found the same) or "contested" (others did not)
    limitations: tuple[str, ...] = ()  # serious risks of bias, in a few words each

    def __post_init__(self) -> None:
        if self.design not in DESIGNS:
            raise ValueError(f"design must be one of {', '.join(sorted(DESIGNS))}; got {self.design!r}.")
        if self.population not in POPULATIONS:
            raise ValueError(
                f"population must be one of {', '.join(sorted(POPULATIONS))}; got {self.population!r}."
            )
        if self.replication not in REPLICATION:
            raise ValueError(
                f"replication must be one of {', '.join(sorted(REPLICATION))}; got {self.replication!r}."
            )


def appraise(a: Appraisal) -> tuple[str, str]:
    """The label (High, Medium or Low, for sales teams) and its reason in a few words
    ("one lab experiment with students; later studies disagree"), or "Not rated" for a source
    that offers no evidence about an effect ("a method, not evidence about sales teams").

    GRADE's start-and-downgrade: randomised designs start High (4), observational ones Low (2),
    and practitioners' advice at GRADE's lowest level (1). A definition, a method, a theory or a
    model is not rated at all: it is not evidence, so no level of certainty applies to it. Each serious concern then takes one level off:
    indirectness (1 for a population other than salespeople, 2 for a lab with students or the
    public), inconsistency (later studies disagree), imprecision (one study of fewer than 400
    people or firms), and each risk of bias the entry names (at most two).
    """
    if a.design in NOT_RATED:
        return NOT_RATED_LABEL, _DESIGN_WORDS[a.design][0]
    level = 4 if a.design in RANDOMISED else 2 if a.design in OBSERVATIONAL else 1
    concerns: list[str] = []
    if a.design not in NOT_A_STUDY:
        level -= INDIRECTNESS[a.population]
        if a.replication == "contested":
            level -= 1
            concerns.append("later studies disagree")
        pooled = a.design.startswith("meta-analysis") or a.replication == "replicated"
        if not pooled and a.size is not None and a.size < OPTIMAL_INFORMATION_SIZE:
            level -= 1
            concerns.append(f"only {a.size} studied")
        level -= min(len(a.limitations), 2)
        concerns += list(a.limitations)
    label = LABELS[max(level, 1)]
    one, many = _DESIGN_WORDS[a.design]
    words = many if a.replication == "replicated" and many else one
    population = _POPULATION_WORDS[a.population] if a.design not in NOT_A_STUDY else ""
    reason = " ".join(w for w in (words, population) if w)
    if concerns:
        reason += "; " + ", ".join(concerns[:2])
    return label, reason


@dataclass(frozen=True)
class Source:
    """One source: the full citation, what it found (in plain words), and the computed label."""

    key: str
    short: str  # how the text names it: "Falk & Kosfeld 2006"
    citation: str
    found: str
    appraisal: Appraisal

    @property
    def label(self) -> str:
        """High, Medium or Low: how sure the course can be that this holds for sales teams;
        "Not rated" for a definition, a method, a theory or a model (no evidence to rate)."""
        return appraise(self.appraisal)[0]

    @property
    def rated(self) -> bool:
        """Whether the source offers evidence the rule rates (not a definition, method, theory or model)."""
        return self.label != NOT_RATED_LABEL

    @property
    def reason(self) -> str:
        """Why, in a few words: "one lab experiment with students; later studies disagree"."""
        return appraise(self.appraisal)[1]

    @property
    def confidence(self) -> str:
        """The reason with its label, as every page shows it: "...: Low for sales teams", or
        "Not rated: a method, not evidence about sales teams"."""
        if not self.rated:
            return f"{self.label}: {self.reason}"
        return f"{self.reason}: {self.label} for sales teams"

    @property
    def verdict(self) -> str:
        """The label as a phrase: "Low for sales teams", or just "Not rated"."""
        return f"{self.label} for sales teams" if self.rated else self.label


def _formatted(items: list[dict]) -> dict[str, str]:
    """Each CSL-JSON item formatted by citeproc-py with its bundled Harvard style (no download)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(
        style, CiteProcJSON(json.loads(json.dumps(items))), formatter.plain
    )
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    text = {
        key: str(entry) for key, entry in zip(bibliography.keys, bibliography.bibliography(), strict=True)
    }
    # citeproc's Harvard style drops a CSL note ("as reported by ..."); the course shows it after the reference.
    notes = {item["id"]: item.get("note", "").rstrip(".") for item in items}
    return {key: f"{text[key]} {notes[key]}." if notes[key] else text[key] for key in text}


@lru_cache(maxsize=1)
def _load() -> tuple[Source, ...]:
    items = json.loads(CSL_JSON.read_text(encoding="utf-8"))
    appraisals = json.loads(APPRAISAL_JSON.read_text(encoding="utf-8"))
    ids = [item["id"] for item in items]
    if sorted(ids) != sorted(appraisals) or len(set(ids)) != len(ids):
        raise ValueError(
            "course/data/sources.json and appraisal.json must hold the same keys once each; "
            f"only in one of them: {sorted(set(ids) ^ set(appraisals))}"
        )
    formatted = _formatted(items)
    out = []
    for key in ids:
        entry = appraisals[key]
        appraisal = Appraisal(
            entry["design"],
            entry["population"],
            entry["size"],
            entry["replication"],
            tuple(entry["limitations"]),
        )
        out.append(Source(key, entry["short"], formatted[key], entry["found"], appraisal))
    return tuple(out)


SOURCES: tuple[Source, ...] = _load()

BY_KEY: dict[str, Source] = {source.key: source for source in SOURCES}

# What each module shows its trainees in its closing "Sources" cell: every key its notebook
# cites, and those its model's plain assumptions table cites. ``sales-course check`` fails
# when a notebook cites a key its list lacks.
READING_LISTS: dict[str, tuple[str, ...]] = {
    "00_orientation": ("gallup-2015",),
    "01_leader_not_manager": (
        "landry-2011",
        "challagalla-shervani-1996",
        "ahearne-2004",
        "hunter-perreault-2007",
        "garvin-2013",
        "gallup-2015",
        "falk-kosfeld-2006",
        "ziegelmeyer-2012",
        "kessler-leider-2016",
        "ravid-2023",
        "siegel-koenig-lazar-2022",
        "pierce-snow-mcafee-2015",
        "nagin-2002",
        "mayer-davis-schoorman-1995",
        "owens-grossman-fackler-2014",
        "ipg-2006",
        "proudfoot-2005",
        "theeboom-2014",
        "kember-2008",
        # cited by control.assumptions() (and assumptions(full=True)), which the notebook shows
        "deci-koestner-ryan-1999",
        "thompson-vecchio-2009",
        "bridge-group-ramp",
        "hbr-2017-turnover",
        "cerasoli-2014",
        "houghton-2016",
        "depaul-2010",
    ),
    "02_trust": (
        "frazier-2017",
        "kim-2006",
        "ferrin-2007",
        "mayer-davis-schoorman-1995",
        "dirks-ferrin-2002",
        "kim-2004",
        "edmondson-1999",
        "falk-kosfeld-2006",
        "ziegelmeyer-2012",
        "pierce-snow-mcafee-2015",
        "slovic-1993",
        "poortinga-pidgeon-2004",
        "pant-yu-2025",
        "gonik-1978",
        "kember-2008",
    ),
    "03_coaching": (
        "dahling-2016",
        "jones-woods-guillaume-2016",
        "theeboom-2014",
        "kluger-denisi-1996",
        "whitmore-grow",
        "edmondson-1999",
        "thompson-vecchio-2009",
        "bridge-group-ramp",
        "kember-2008",
    ),
    "04_start_small": (
        "steenburgh-2008",
        "kishore-2013",
        "saas-capital-2023",
        "iconiq-ipo-study",
        "larkin-2014",
        "kember-2008",
    ),
    "05_pebbles_and_quarters": (
        "steenburgh-2008",
        "kishore-2013",
        "shapley-1953",
        "dalessandro-2012",
        "gartner-buying-group",
        "cso-insights-2016",
        "graham-harvey-rajgopal-2005",
        "oyer-1998",
        "larkin-2014",
        "kember-2008",
    ),
    "06_one_team": (
        "chan-li-pierce-2014",
        "lazear-1989",
        "sa-vinhas-anderson-2005",
        "sa-vinhas-heide-2015",
        "lazear-rosen-1981",
        "harbring-irlenbusch-2011",
        "lim-2009",
        "garbers-konradt-2014",
        "channel-practice",
        "hbr-2017-turnover",
        "depaul-2010",
        "bridge-group-ramp",
        "larkin-2014",
        "kember-2008",
    ),
    "07_leap_of_faith": (
        "moore-1991",
        "mayer-davis-schoorman-1995",
        "rogers-2003",
        "bass-1969",
        "larkin-2014",
        "slovic-1993",
        "pant-yu-2025",
        "falk-kosfeld-2006",
        "kember-2008",
    ),
}


class SourceList(tuple):
    """Sources shown in a notebook: a table in JupyterLab, plain text elsewhere."""

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>[{html.escape(s.key)}]</td><td>{html.escape(s.citation)}</td>"
            f"<td>{html.escape(s.found)}</td><td><b>{html.escape(s.label)}</b>"
            f"{' for sales teams' if s.rated else ''}: {html.escape(s.reason)}</td></tr>"
            for s in self
        )
        head = "<tr><th>Key</th><th>Source</th><th>What it found (or says)</th><th>How sure we are (docs/EVIDENCE_RULE.md)</th></tr>"
        return f"<table style='text-align:left'>{head}{rows}</table>"

    def __repr__(self) -> str:
        return "\n\n".join(f"[{s.key}] {cite(s.key)}" for s in self)


def sources(assignment: str) -> SourceList:
    """The sources a module cites, for its closing "Sources" cell.

    Raises:
        ValueError: if ``assignment`` has no reading list (a misspelled module name).
    """
    if assignment not in READING_LISTS:
        raise ValueError(f"assignment must be one of {', '.join(sorted(READING_LISTS))}; got {assignment!r}.")
    return SourceList(BY_KEY[key] for key in READING_LISTS[assignment])


# A citation: a key in square brackets, lower case words joined by hyphens, ending in a year or a word.
CITATION = re.compile(r"\[([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\]")


def cited_keys(text: str) -> list[str]:
    """The keys cited in ``text`` (``[falk-kosfeld-2006]``), in order, with repeats."""
    return CITATION.findall(text)


def unknown_citations(text: str) -> list[str]:
    """The keys cited in ``text`` that the bibliography does not hold, each once."""
    return sorted({key for key in cited_keys(text) if key not in BY_KEY})


def cite(key: str) -> str:
    """One entry in plain text: the citation, what it found, the confidence."""
    try:
        source = BY_KEY[key]
    except KeyError:
        raise KeyError(f"{key!r} is not in the course bibliography (course/bibliography.py).") from None
    found = "Found" if source.rated else "Says"  # a definition or a method finds nothing
    return f"{source.citation}\n  {found}: {source.found}\n  Confidence: {source.verdict} ({source.reason})"


def markdown() -> str:
    """The whole bibliography as Markdown."""
    lines = [
        "# Course bibliography",
        "",
        "Generated from course/data/sources.json (CSL-JSON: import it into Zotero with File > Import)",
        "and course/data/appraisal.json by `python -m course.bibliography`; do not edit by hand.",
        "Each label is computed by the rule in [EVIDENCE_RULE.md](EVIDENCE_RULE.md); a definition, a",
        "method, a theory or a model offers no evidence to rate, so it is shown as Not rated.",
        "",
    ]
    for source in sorted(SOURCES, key=lambda s: s.key):
        lines += [
            f"- **[{source.key}]** {source.citation}",
            f"  *{'Found' if source.rated else 'Says'}:* {source.found} *Confidence:* **{source.label}**"
            f"{' for sales teams' if source.rated else ''} ({source.reason}).",
        ]
    return "\n".join(lines) + "\n"


# A label someone wrote next to a citation: the first of these words after the key, before the
# next citation or the end of the sentence ("[larkin-2014] (Low)"), or a "Confidence: ..." that
# follows the key in the same paragraph ("[larkin-2014]. *Confidence: low for sales teams*").
# Intermediate labels are not in the rule, so they are always wrong.
_LABEL = re.compile(r"\b(not rated|low-medium|medium-high|low|medium|high)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.(\s|$)|\n\s*\n|\[")
# In any case right after the key: "[lim-2009] (high)", "[oyer-1998], high", "[larkin-2014]: low".
_LABEL_RIGHT_AFTER = re.compile(
    r"\)?\s*[(,:]\s*(not rated|low-medium|medium-high|low|medium|high)\b", re.IGNORECASE
)
_CONFIDENCE = re.compile(
    r"confidence:?\W{0,3}\s*(not rated|low[- ]to[- ]medium|medium[- ]to[- ]high|low-medium|medium-high|low|medium|high)\b",
    re.IGNORECASE,
)


def _canonical(label: str) -> str:
    if label.lower() == "not rated":
        return NOT_RATED_LABEL
    words = re.split(r"[- ]to[- ]|-", label.lower())
    return "-".join(word.capitalize() for word in words)


def stated_labels(text: str) -> list[tuple[str, str]]:
    """Each (key, label) a text states: ``[larkin-2014] (Low)``, ``[larkin-2014], Low for ...``
    (within 60 characters and the same sentence), or ``[larkin-2014]. *Confidence: low ...*``
    (the last key before it in the same paragraph)."""
    out = []
    for match in CITATION.finditer(text):
        after = text[match.end() : match.end() + 60]
        stop = _SENTENCE_END.search(after)
        window = after[: stop.start()] if stop else after
        label = _LABEL.search(window) or _LABEL_RIGHT_AFTER.match(window)
        if label:
            out.append((match.group(1), _canonical(label.group(1))))
    for match in _CONFIDENCE.finditer(text):
        before = text[max(0, match.start() - 400) : match.start()]
        before = re.split(r"\n\s*\n|\n\s*[-*] |\n\d+\. ", before)[-1]  # this paragraph or bullet
        keys = CITATION.findall(before)
        if keys:
            out.append((keys[-1], _canonical(match.group(1))))
    return out


def wrong_labels(text: str) -> list[str]:
    """ "[key] says Medium, the rule gives Low" for each stated label that differs from the computed one."""
    return [
        f"[{key}] says {said}, the rule gives {BY_KEY[key].label}"
        for key, said in stated_labels(text)
        if key in BY_KEY and said != BY_KEY[key].label
    ]


def files_that_cite(root: Path) -> list[Path]:
    """The course files whose citations ``sales-course check`` verifies."""
    found = sorted((root / "solutions").rglob("*.ipynb")) + sorted(
        (root / "course" / "scenarios").rglob("*.py")
    )
    found += [root / "docs" / "FACILITATOR_GUIDE.md", root / "CONTRIBUTING.md", root / "START_HERE.ipynb"]
    return [p for p in found if p.is_file() and ".ipynb_checkpoints" not in p.parts]


if __name__ == "__main__":
    print(markdown())
