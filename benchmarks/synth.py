"""Deterministic synthetic plans for the benchmark, derived from the shipped ones.

``generate(out_dir)`` writes::

    out_dir/regions/<stem>.toml          the 12 probation regions of England and Wales
    out_dir/large/north_west_x10.toml    North West with every list 10x as long
    out_dir/large/north_west_x10_revised.toml   a revision of it, for ``rrp diff``

and ``write_corpus(out_dir, count, factor)`` writes ``out_dir/<count>x<factor>/``:
the first ``count`` (2 to 48) regions of :data:`ALL_REGIONS`, each plan with
every list ``factor`` (1 to 100) times as long, for comparisons that grow in
the number and the size of plans.

The real North West and East of England plans are kept as they are.  The other
regions are derived from one of them: the region renamed everywhere, the
target numbers, months and sentences changed (and kept valid: baseline +/-
change = target, and the sentence states the fields), the facts' figures and
the numbers in their statements changed, the signatories renamed, some regional
text reworded and some regional items removed and added.  National text
(pathway introductions, national priorities, glossary, footnotes) is left alone,
so that it is shared by all the plans as it would be by real ones.  The first
12 are the probation regions of England and Wales; the 36 after them are
invented from counties, derived in the same way.

An enlarged plan (:func:`enlarge`) has the original items of every list, then
varied copies of them: reworded and qualified, so that no two are equal, and
kept valid (unique glossary terms, fact metrics and footnote numbers, targets
renumbered with their sentences restated, people renamed).

Every choice comes from ``random.Random`` seeded from a fixed seed and the
region code through SHA-256, never from ``hash()``, so the output is the same
byte for byte on every run and with any ``PYTHONHASHSEED``.  Every plan is
written with :func:`rrpcli.loader.dump_plan` and read back with
:func:`rrpcli.loader.load_plan`, which must give the same plan.  Writing is
quick (all 48 regions in under a second, two plans at 100x in a few seconds),
so the benchmark writes what it needs before it starts timing.

Run ``python benchmarks/synth.py DIR`` to write the plans somewhere to look at,
``python benchmarks/synth.py DIR --regions 2 --factor 100`` for one corpus.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rrpcli.loader import check_target, dump_plan, load_plan
from rrpcli.model import (
    About,
    Achievements,
    ContextItem,
    Fact,
    Footnote,
    Foreword,
    GlossaryEntry,
    MeasuringProgress,
    NationalPriorities,
    OurPartners,
    Pathway,
    Pathways,
    Person,
    Plan,
    Statement,
    Target,
    Vision,
    format_month,
)
from rrpcli.sentences import parse_target_sentence

T = TypeVar("T")

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "plans"

#: The default seed; any other integer gives another, equally deterministic, set of plans.
SEED = 2022

#: How many times longer every list of an enlarged plan is.
FACTOR = 10


@dataclass(frozen=True)
class Region:
    """One probation region: its code, published name, file stem, the real plan it is derived from."""

    code: str
    name: str
    stem: str
    base: str  # code of the real plan it derives from; itself for the real ones
    places: tuple[str, ...]


#: The 12 probation regions of England and Wales, in the order the benchmark names them.
REGIONS: tuple[Region, ...] = (
    Region("nw", "North West", "north_west", "nw", ("Liverpool", "Preston", "Carlisle", "Warrington", "Blackpool")),
    Region(
        "ne", "North East", "north_east", "nw", ("Newcastle", "Sunderland", "Durham", "Middlesbrough", "Hartlepool")
    ),
    Region(
        "yh",
        "Yorkshire and the Humber",
        "yorkshire_and_the_humber",
        "nw",
        ("Leeds", "Sheffield", "Bradford", "Hull", "York"),
    ),
    Region(
        "gm", "Greater Manchester", "greater_manchester", "nw", ("Manchester", "Salford", "Bolton", "Wigan", "Oldham")
    ),
    Region(
        "em", "East Midlands", "east_midlands", "eoe", ("Nottingham", "Leicester", "Derby", "Lincoln", "Northampton")
    ),
    Region(
        "wm", "West Midlands", "west_midlands", "nw", ("Birmingham", "Coventry", "Wolverhampton", "Stoke", "Worcester")
    ),
    Region(
        "eoe", "East of England", "east_of_england", "eoe", ("Cambridge", "Norwich", "Ipswich", "Peterborough", "Luton")
    ),
    Region(
        "kss",
        "Kent Surrey and Sussex",
        "kent_surrey_and_sussex",
        "eoe",
        ("Maidstone", "Guildford", "Brighton", "Canterbury", "Crawley"),
    ),
    Region("lon", "London", "london", "eoe", ("Camden", "Croydon", "Lambeth", "Newham", "Southwark")),
    Region("sw", "South West", "south_west", "eoe", ("Bristol", "Exeter", "Plymouth", "Gloucester", "Bournemouth")),
    Region("sc", "South Central", "south_central", "eoe", ("Oxford", "Reading", "Southampton", "Portsmouth", "Slough")),
    Region("wal", "Wales", "wales", "nw", ("Cardiff", "Swansea", "Newport", "Wrexham", "Bangor")),
)

#: More regions, for comparisons of more than 12 plans: invented from English and Welsh counties (not
#: probation regions), each derived from one of the two real plans as the 12 are.
_EXTRA: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("cum", "Cumbria", "nw", ("Kendal", "Penrith", "Workington", "Whitehaven", "Barrow-in-Furness")),
    ("lan", "Lancashire", "nw", ("Lancaster", "Burnley", "Blackburn", "Chorley", "Morecambe")),
    ("mer", "Merseyside", "nw", ("Birkenhead", "St Helens", "Southport", "Bootle", "Wallasey")),
    ("che", "Cheshire", "eoe", ("Chester", "Crewe", "Macclesfield", "Northwich", "Ellesmere Port")),
    ("nbl", "Northumberland", "nw", ("Hexham", "Morpeth", "Blyth", "Alnwick", "Berwick")),
    ("tyw", "Tyne and Wear", "eoe", ("Gateshead", "South Shields", "Jarrow", "Washington", "Wallsend")),
    ("dur", "County Durham", "nw", ("Darlington", "Bishop Auckland", "Consett", "Seaham", "Stanley")),
    ("nyk", "North Yorkshire", "eoe", ("Harrogate", "Scarborough", "Northallerton", "Selby", "Skipton")),
    ("wyk", "West Yorkshire", "nw", ("Wakefield", "Huddersfield", "Halifax", "Dewsbury", "Keighley")),
    ("syk", "South Yorkshire", "eoe", ("Doncaster", "Rotherham", "Barnsley", "Mexborough", "Penistone")),
    ("hum", "Humberside", "nw", ("Grimsby", "Scunthorpe", "Goole", "Bridlington", "Beverley")),
    ("dby", "Derbyshire", "eoe", ("Chesterfield", "Buxton", "Matlock", "Ilkeston", "Glossop")),
    ("ntt", "Nottinghamshire", "nw", ("Mansfield", "Newark", "Worksop", "Retford", "Beeston")),
    ("lin", "Lincolnshire", "eoe", ("Boston", "Grantham", "Skegness", "Spalding", "Gainsborough")),
    ("lei", "Leicestershire", "nw", ("Loughborough", "Hinckley", "Melton Mowbray", "Coalville", "Lutterworth")),
    ("sts", "Staffordshire", "eoe", ("Stafford", "Tamworth", "Burton", "Lichfield", "Cannock")),
    ("shr", "Shropshire", "nw", ("Shrewsbury", "Telford", "Oswestry", "Ludlow", "Bridgnorth")),
    ("war", "Warwickshire", "eoe", ("Warwick", "Nuneaton", "Rugby", "Leamington Spa", "Stratford")),
    ("nfk", "Norfolk", "nw", ("Great Yarmouth", "Thetford", "Cromer", "Dereham", "Swaffham")),
    ("sfk", "Suffolk", "eoe", ("Bury St Edmunds", "Lowestoft", "Felixstowe", "Sudbury", "Haverhill")),
    ("ess", "Essex", "nw", ("Chelmsford", "Colchester", "Basildon", "Southend", "Harlow")),
    ("hrt", "Hertfordshire", "eoe", ("St Albans", "Watford", "Stevenage", "Hemel Hempstead", "Hertford")),
    ("dev", "Devon", "nw", ("Torquay", "Barnstaple", "Newton Abbot", "Tiverton", "Paignton")),
    ("cor", "Cornwall", "eoe", ("Truro", "Falmouth", "Penzance", "Bodmin", "Newquay")),
    ("som", "Somerset", "nw", ("Taunton", "Yeovil", "Bridgwater", "Frome", "Wells")),
    ("dor", "Dorset", "eoe", ("Dorchester", "Weymouth", "Poole", "Bridport", "Blandford")),
    ("wil", "Wiltshire", "nw", ("Swindon", "Salisbury", "Chippenham", "Trowbridge", "Devizes")),
    ("ham", "Hampshire", "eoe", ("Winchester", "Basingstoke", "Andover", "Aldershot", "Fareham")),
    ("brk", "Berkshire", "nw", ("Bracknell", "Newbury", "Wokingham", "Maidenhead", "Windsor")),
    ("bkm", "Buckinghamshire", "eoe", ("Aylesbury", "High Wycombe", "Milton Keynes", "Amersham", "Buckingham")),
    ("gwy", "Gwynedd", "nw", ("Caernarfon", "Pwllheli", "Dolgellau", "Porthmadog", "Bala")),
    ("pow", "Powys", "eoe", ("Brecon", "Newtown", "Welshpool", "Llandrindod Wells", "Machynlleth")),
    ("dfd", "Dyfed", "nw", ("Carmarthen", "Aberystwyth", "Haverfordwest", "Llanelli", "Cardigan")),
    ("gwe", "Gwent", "eoe", ("Cwmbran", "Abergavenny", "Pontypool", "Ebbw Vale", "Chepstow")),
    ("clw", "Clwyd", "nw", ("Rhyl", "Mold", "Prestatyn", "Denbigh", "Ruthin")),
    ("glm", "Glamorgan", "eoe", ("Bridgend", "Barry", "Neath", "Merthyr Tydfil", "Pontypridd")),
)

#: Every region a corpus can hold: the 12 probation regions first, then the invented ones.
ALL_REGIONS: tuple[Region, ...] = REGIONS + tuple(
    Region(code, name, name.lower().replace(" ", "_"), base, places) for code, name, base, places in _EXTRA
)

#: The most regions, and the largest enlargement, a corpus can have.
MAX_REGIONS = len(ALL_REGIONS)
MAX_FACTOR = 100

REAL_FILES = {"nw": "north_west.toml", "eoe": "east_of_england.toml"}
LARGE = "north_west_x10.toml"
LARGE_REVISED = "north_west_x10_revised.toml"


@dataclass(frozen=True)
class Generated:
    """Where :func:`generate` put the plans."""

    root: Path
    regions_dir: Path
    regions: dict[str, Path]  # code -> file, in REGIONS order
    large: Path
    large_revised: Path


# --------------------------------------------------------------------------- randomness


def rng_for(seed: int, *labels: object) -> random.Random:
    """A generator seeded from ``seed`` and labels through SHA-256 (no ``hash()``, no hash randomisation)."""
    key = ":".join([str(seed), *map(str, labels)]).encode()
    return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))


# --------------------------------------------------------------------------- text

#: Word substitutions used to reword text: (pattern, replacement); the first letter keeps its case.
_REWORDINGS: tuple[tuple[str, str], ...] = (
    ("increase", "grow"),
    ("improve", "strengthen"),
    ("ensure", "make sure"),
    ("develop", "build"),
    ("support", "help"),
    ("deliver", "provide"),
    ("prison leavers", "people leaving prison"),
    ("people on probation", "those on probation"),
    ("across", "throughout"),
    ("including", "such as"),
    ("strong", "robust"),
    ("new", "additional"),
    ("partners", "partner organisations"),
    ("number", "total"),
    ("work with", "collaborate with"),
    ("access to", "entry to"),
    ("outcomes", "results"),
    ("the region", "the area"),
)

#: Qualifiers that make each copy of a text different in an enlarged plan ({place} is a town).
_QUALIFIERS: tuple[str, ...] = (
    "in {place}",
    "across the wider region",
    "with local partners in {place}",
    "by March 2024",
    "for women and young adults",
    "while in custody",
    "once back in the community",
    "through co-commissioning in {place}",
    "with people who have lived experience",
    "alongside health and justice partners",
    "in every probation delivery unit",
)


def _match_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


_REWORD_PATTERNS = tuple((re.compile(rf"\b{re.escape(p)}\b", re.I), r) for p, r in _REWORDINGS)


def reword(text: str, rng: random.Random, *, at_least: int = 1) -> str:
    """The text with a few words or phrases replaced by others of the same meaning."""
    found = [(p, r) for p, r in _REWORD_PATTERNS if p.search(text)]
    rng.shuffle(found)
    chosen = found[: max(at_least, rng.randint(1, 3))]
    for pattern, replacement in chosen:
        m = pattern.search(text)
        if m is None:  # an earlier replacement took it
            continue
        text = text[: m.start()] + _match_case(replacement, m[0]) + text[m.end() :]
    if not chosen:  # nothing to substitute: say where instead
        text = qualify(text, "across the region")
    return text


def qualify(text: str, qualifier: str) -> str:
    """The text with a qualifying phrase added at the end of its last sentence."""
    body = text.rstrip()
    end = ""
    while body and body[-1] in ".;:":
        body, end = body[:-1], body[-1] + end
    return f"{body} {qualifier}{end}"


def variant(text: str, k: int, rng: random.Random, places: Sequence[str]) -> str:
    """Copy ``k`` (1, 2, ...) of a text in an enlarged plan: reworded and qualified, so no two copies are equal."""
    qualifier = _QUALIFIERS[(k - 1) % len(_QUALIFIERS)].format(place=places[k % len(places)])
    if k > len(_QUALIFIERS):
        qualifier += f" (phase {k})"
    return qualify(reword(text, rng, at_least=0), qualifier)


def replace_strings(obj: T, fn: Callable[[str], str]) -> T:
    """The object with ``fn`` applied to every string in it (dataclasses and tuples, recursively)."""
    value: Any = obj
    if isinstance(value, str):
        return fn(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(replace_strings(v, fn) for v in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: replace_strings(getattr(value, f.name), fn)
            for f in dataclasses.fields(value)
            if not f.metadata.get("internal")
        }
        return dataclasses.replace(value, **changes)  # type: ignore[return-value]
    return obj


# --------------------------------------------------------------------------- people

_FIRST = ("Aisha", "Ben", "Carys", "David", "Elena", "Farid", "Grace", "Hamza", "Iona", "James", "Kiran", "Lucy")
_LAST = ("Ahmed", "Bowen", "Clarke", "Davies", "Evans", "Foster", "Gill", "Hughes", "Iqbal", "Jones", "Khan", "Lloyd")


def person_name(i: int) -> str:
    """The ``i``-th invented name (distinct for i < 144)."""
    return f"{_FIRST[i % len(_FIRST)]} {_LAST[(i // len(_FIRST) + i * 5) % len(_LAST)]}"


def rename_people(people: tuple[Person, ...], line: str, start: int) -> tuple[tuple[Person, ...], str]:
    """New names for people, replaced in the signature or attribution line that names them."""
    out = []
    for i, p in enumerate(people):
        new = person_name(start + i)
        line = line.replace(p.name, new)
        out.append(dataclasses.replace(p, name=new))
    return tuple(out), line


# --------------------------------------------------------------------------- numbers


def _num(value: float) -> int | float:
    """An integral value as an int (so that TOML and sentences show ``18``, not ``18.0``)."""
    return int(value) if float(value).is_integer() else round(value, 1)


def _pct(value: float) -> str:
    return f"{_num(value)}"


_DEADLINES = ("2023-03", "2023-04", "2023-07", "2023-10", "2024-03")
_VERBS = {"increase": "increase", "decrease": "decrease", "maintain": "continue to maintain"}


def target_sentence(region: str, direction: str, measure: str, target: Target) -> str:
    """The published template, stating the target's fields."""
    head = f"By {format_month(target.deadline)}, {region} will {_VERBS[direction]} {measure}"
    if direction == "maintain":
        assert target.target is not None
        return f"{head} at {_pct(target.target)}%"
    assert target.change_pp is not None and target.baseline is not None
    points = "point" if target.change_pp == 1 else "points"
    tail = f" by {_pct(target.change_pp)} percentage {points} from {_pct(target.baseline)}%"
    if target.baseline_date:
        tail += f" in {format_month(target.baseline_date)}"
    return head + tail


def renumber_target(target: Target, region: str, rng: random.Random, share: float = 1.0) -> Target:
    """The target with other numbers and deadline, its sentence rewritten to state them."""
    if target.qualitative or target.direction is None or rng.random() >= share:
        return target
    said = parse_target_sentence(target.text)
    if not said.measure:
        return target
    deadline = rng.choice(_DEADLINES)
    half = rng.random() < 0.2  # some half points, as some plans publish
    if target.direction == "maintain":
        level = _num(rng.randint(20, 95))
        new = dataclasses.replace(
            target,
            target=level,
            baseline=level if target.baseline is not None else None,
            deadline=deadline,
        )
    else:
        up = target.direction == "increase"
        baseline = rng.randint(10, 85) if up else rng.randint(20, 95)
        room = (100 - baseline) if up else baseline
        change = rng.randint(1, min(25, room - 1)) + (0.5 if half else 0)
        new = dataclasses.replace(
            target,
            baseline=_num(baseline),
            change_pp=_num(change),
            target=_num(baseline + change if up else baseline - change),
            baseline_date=target.baseline_date or "2022-03",
            deadline=deadline,
        )
    return dataclasses.replace(new, text=target_sentence(region, target.direction, said.measure, new))


_NUMBER_TOKEN = r"(?<![\d.,]){}(?![\d]|[.,]\d)"


def _granularity(value: int) -> int:
    """Round new values like the old: 4800 to hundreds, 6900000 to hundred thousands, 31 to ones."""
    digits = len(str(value))
    zeros = len(str(value)) - len(str(value).rstrip("0"))
    return int(10 ** max(0, min(zeros, digits - 2)))


def _written_forms(old: float, new: float) -> list[tuple[str, str]]:
    """How a figure may be written in its statement, most specific first, each with the new value written alike."""
    forms = []
    if old >= 1_000_000:
        forms.append((f"{old / 1_000_000:g} million", f"{new / 1_000_000:g} million"))
    forms.append((f"{_num(old):,}", f"{_num(new):,}"))
    forms.append((f"{_num(old)}", f"{_num(new)}"))
    return forms


def renumber_fact(fact: Fact, rng: random.Random, share: float = 1.0) -> Fact:
    """The fact with its figures scaled by one factor, and the statement's numbers changed to match."""
    if not fact.figures or rng.random() >= share:
        return fact
    factor = rng.uniform(0.55, 1.8)
    text = fact.text
    figures = []
    pos = 0
    for figure in fact.figures:
        old = figure.value
        new: int | float
        if isinstance(old, int):
            g = _granularity(old)
            new = max(g, round(old * factor / g) * g)
        else:
            new = round(float(old) * factor, 1)
        if figure.unit == "percent":
            new = min(new, 100)
        figures.append(dataclasses.replace(figure, value=new))
        for spelled, written in _written_forms(old, new):
            m = re.compile(_NUMBER_TOKEN.format(re.escape(spelled))).search(text, pos)
            if m is not None:
                text = text[: m.start()] + written + text[m.end() :]
                pos = m.start() + len(written)
                break
    return dataclasses.replace(fact, text=text, figures=tuple(figures))


# --------------------------------------------------------------------------- new items

_NEW_OBJECTIVES = (
    "{verb} access to mentoring for people leaving prison in {place}",
    "{verb} the number of employers offering work placements in {place}",
    "{verb} peer support in approved premises across {place}",
    "{verb} joint commissioning with local authorities in {place}",
    "{verb} digital skills training for people in custody at {place}",
    "{verb} family contact for people serving sentences in {place}",
    "{verb} links with integrated care systems covering {place}",
    "{verb} the use of community sentence treatment requirements in {place}",
)
_NEW_VERBS = ("Increase", "Improve", "Expand", "Strengthen", "Develop")
_NEW_ACTIVITIES = (
    "Pilot a resettlement hub with {partner} in {place}",
    "Commission a {topic} service with {partner} covering {place}",
    "Train staff in {place} in trauma-informed practice with {partner}",
    "Open a {topic} drop-in centre in {place} with {partner}",
    "Run quarterly {topic} reviews with {partner} in {place}",
)
_PARTNERS = ("the local council", "the police", "the NHS", "the Department for Work and Pensions", "local charities")
_TOPICS = ("accommodation", "employment", "substance misuse", "family support", "finance, benefit and debt")
_NEW_CONTEXT = (
    "In {place}, around {n} in ten people on probation have a {topic} need.",
    "{place} has seen demand for {topic} support rise by {n}0% since 2020.",
)
_NEW_PARTNERS = (
    "{place} City Council, supporting people returning to the area after release",
    "The {place} {topic} network, a group of voluntary sector providers",
)
_NEW_ACHIEVEMENTS = (
    "Opened a {topic} hub in {place}, supporting over {n}00 people in its first year.",
    "Recruited {n} new {topic} specialists across {place} and neighbouring areas.",
)


def new_text(kind: str, region: Region, rng: random.Random) -> str:
    """An invented regional item of a kind (objective, activity, context, partner, achievement)."""
    templates = {
        "objectives": _NEW_OBJECTIVES,
        "activities": _NEW_ACTIVITIES,
        "context": _NEW_CONTEXT,
        "partners": _NEW_PARTNERS,
        "achievements": _NEW_ACHIEVEMENTS,
    }[kind]
    return rng.choice(templates).format(
        verb=rng.choice(_NEW_VERBS),
        place=rng.choice(region.places),
        partner=rng.choice(_PARTNERS),
        topic=rng.choice(_TOPICS),
        n=rng.randint(2, 9),
    )


def edit_list(
    items: tuple[T, ...],
    rng: random.Random,
    *,
    reword_item: Callable[[T], T],
    new_item: Callable[[], T] | None,
    reword_share: float,
    removals: int,
    additions: int,
) -> tuple[T, ...]:
    """A list with some items reworded, ``removals`` removed and ``additions`` new ones inserted."""
    out = [reword_item(x) if rng.random() < reword_share else x for x in items]
    for _ in range(min(removals, max(0, len(out) - 1))):
        del out[rng.randrange(len(out))]
    if new_item is not None:
        for _ in range(additions):
            out.insert(rng.randint(0, len(out)), new_item())
    return tuple(out)


# --------------------------------------------------------------------------- regions


def derive_region(base: Plan, region: Region, seed: int = SEED) -> Plan:
    """Another region's plan made from a real one (see the module docstring)."""
    rng = rng_for(seed, "region", region.code)
    old = base.meta.region
    plan = replace_strings(base, lambda s: s.replace(old, region.name))
    base_file = REAL_FILES.get(base.code, f"{base.code}.toml")
    plan = dataclasses.replace(
        plan,
        meta=dataclasses.replace(
            plan.meta,
            code=region.code,
            aliases=(f"{region.name} region",),
            source=f"rrp benchmark: synthetic plan derived from plans/{base_file}; not a publication",
        ),
    )
    return edit_regional_text(plan, region, rng, people_from=12 * ALL_REGIONS.index(region))


def edit_regional_text(
    plan: Plan,
    region: Region,
    rng: random.Random,
    *,
    people_from: int | None = None,
    reword_share: float = 0.25,
    renumber_share: float = 1.0,
    max_edits: int = 2,
) -> Plan:
    """Change what a region says for itself: numbers, some wording, some items; national text is left alone."""

    def edits() -> tuple[int, int]:
        return rng.randint(0, max_edits), rng.randint(0, max_edits)

    def text_list(items: tuple[str, ...], kind: str | None) -> tuple[str, ...]:
        removals, additions = edits()
        return edit_list(
            items,
            rng,
            reword_item=lambda s: reword(s, rng),
            new_item=(lambda: new_text(kind, region, rng)) if kind else None,
            reword_share=reword_share,
            removals=removals,
            additions=additions,
        )

    foreword = plan.foreword
    if people_from is not None:
        signatories, signature = rename_people(foreword.signatories, foreword.signature, people_from)
        foreword = dataclasses.replace(foreword, signatories=signatories, signature=signature)
    foreword = dataclasses.replace(
        foreword, paragraphs=tuple(reword(p, rng) if rng.random() < 0.5 else p for p in foreword.paragraphs)
    )
    facts = tuple(renumber_fact(f, rng, renumber_share) for f in plan.about.facts)
    pathways: dict[str, Pathway] = {}
    for pid, pathway in plan.pathways.items():
        removals, additions = edits()
        context = edit_list(
            pathway.context,
            rng,
            reword_item=lambda c: dataclasses.replace(c, text=reword(c.text, rng)),
            new_item=lambda: ContextItem(new_text("context", region, rng)),
            reword_share=reword_share,
            removals=removals,
            additions=additions,
        )
        pathways[pid] = dataclasses.replace(
            pathway,
            context=context,
            partners=text_list(pathway.partners, "partners"),
            objectives=text_list(pathway.objectives, "objectives"),
            activities=text_list(pathway.activities, "activities"),
            targets=tuple(renumber_target(t, plan.meta.region, rng, renumber_share) for t in pathway.targets),
        )
    return dataclasses.replace(
        plan,
        foreword=foreword,
        about=About(facts=facts),
        achievements=Achievements(items=text_list(plan.achievements.items, "achievements")),
        pathways=Pathways(**pathways),
    )


# --------------------------------------------------------------------------- enlarged plans


def _times(items: tuple[T, ...], factor: int, copy: Callable[[T, int], T]) -> tuple[T, ...]:
    """The list followed by ``factor - 1`` varied copies of it (copy ``k`` of each item by ``copy(item, k)``)."""
    return items + tuple(copy(x, k) for k in range(1, factor) for x in items)


def enlarge(plan: Plan, factor: int = FACTOR, seed: int = SEED) -> Plan:
    """The plan with every list ``factor`` times as long: the original items, then varied copies.

    Copies keep the plan valid: glossary terms and fact metrics get a suffix
    (they must be unique), footnotes get new numbers and the context bullets
    of each copy cite the copies' footnotes, each copy of a target gets other
    numbers and its sentence restated, signatories and speakers of the copies
    get invented names written into the signature and attribution.  Factor 1
    is the plan itself.
    """
    if not 1 <= factor <= MAX_FACTOR:
        raise ValueError(f"factor {factor}: an enlarged plan is 1 to {MAX_FACTOR} times as long")
    if factor == 1:
        return plan
    rng = rng_for(seed, "enlarge", plan.code, factor)
    region = next((r for r in ALL_REGIONS if r.code == plan.code), REGIONS[0])
    places = region.places
    name = plan.meta.region

    def text(s: str, k: int) -> str:
        return variant(s, k, rng, places)

    def texts(items: tuple[str, ...]) -> tuple[str, ...]:
        return _times(items, factor, text)

    shift = max((f.number for f in plan.footnotes), default=0)
    people = itertools.count()

    def person(p: Person, k: int) -> Person:
        return dataclasses.replace(p, name=person_name(next(people)))

    def statement(st: Statement, k: int) -> Statement:
        speakers = tuple(person(p, k) for p in st.speakers)
        attribution = "\n".join(f"{p.name}, {p.role}" for p in speakers) or text(st.attribution, k)
        return Statement(
            paragraphs=tuple(text(p, k) for p in st.paragraphs), attribution=attribution, speakers=speakers
        )

    def fact(f: Fact, k: int) -> Fact:
        changed = renumber_fact(f, rng)
        figures = tuple(dataclasses.replace(g, metric=f"{g.metric}_{k + 1}") for g in changed.figures)
        return Fact(text=text(changed.text, k), figures=figures)

    def context(c: ContextItem, k: int) -> ContextItem:
        return ContextItem(text=text(c.text, k), footnotes=tuple(n + k * shift for n in c.footnotes))

    def target(t: Target, k: int) -> Target:
        if t.qualitative or t.direction is None:
            return dataclasses.replace(t, text=text(t.text, k))
        return renumber_target(t, name, rng)

    def footnote(f: Footnote, k: int) -> Footnote:
        return dataclasses.replace(f, number=f.number + k * shift, text=text(f.text, k) if f.text else "")

    def glossary(g: GlossaryEntry, k: int) -> GlossaryEntry:
        term, definition = g.term, g.definition
        return GlossaryEntry(text=f"{term} ({k + 1}) – {text(definition, k)}")

    signatories = _times(plan.foreword.signatories, factor, person)
    extra = signatories[len(plan.foreword.signatories) :]
    signature = "\n".join([plan.foreword.signature, *(f"{p.name}, {p.role}" for p in extra)])
    pathways = {
        pid: dataclasses.replace(
            p,
            introduction=texts(p.introduction),
            context=_times(p.context, factor, context),
            partners=texts(p.partners),
            targets=_times(p.targets, factor, target),
            objectives=texts(p.objectives),
            activities=texts(p.activities),
        )
        for pid, p in plan.pathways.items()
    }
    np = plan.national_priorities
    return dataclasses.replace(
        plan,
        meta=dataclasses.replace(
            plan.meta, source=f"rrp benchmark: {plan.meta.region} with every list {factor}x as long; not a publication"
        ),
        foreword=Foreword(paragraphs=texts(plan.foreword.paragraphs), signature=signature, signatories=signatories),
        vision=Vision(
            text=plan.vision.text,
            principles=texts(plan.vision.principles),
            values=texts(plan.vision.values),
            principles_statement=plan.vision.principles_statement,
        ),
        about=About(facts=_times(plan.about.facts, factor, fact)),
        achievements=Achievements(items=texts(plan.achievements.items)),
        national_priorities=NationalPriorities(
            paragraphs=texts(np.paragraphs),
            investments=texts(np.investments),
            statements=_times(np.statements, factor, statement),
        ),
        pathways=Pathways(**pathways),
        our_partners=OurPartners(names=texts(plan.our_partners.names)),
        measuring_progress=MeasuringProgress(paragraphs=texts(plan.measuring_progress.paragraphs)),
        glossary=_times(plan.glossary, factor, glossary),
        footnotes=_times(plan.footnotes, factor, footnote),
    )


def revise(plan: Plan, seed: int = SEED, revision: str = "2023") -> Plan:
    """A later revision of a plan, for ``rrp diff``: reworded, added, removed and moved items, other numbers.

    National text is edited too (lightly), as a refresh would.
    """
    rng = rng_for(seed, "revise", plan.code, len(plan.glossary))
    region = next((r for r in ALL_REGIONS if r.code == plan.code), REGIONS[0])
    edits = max(2, len(plan.achievements.items) // 10)
    revised = edit_regional_text(plan, region, rng, reword_share=0.1, renumber_share=0.3, max_edits=edits)

    def move_one(items: tuple[T, ...]) -> tuple[T, ...]:
        if len(items) < 3:
            return items
        out = list(items)
        out.insert(rng.randrange(len(out)), out.pop(rng.randrange(len(out))))
        return tuple(out)

    def lightly(items: tuple[str, ...]) -> tuple[str, ...]:
        return move_one(tuple(reword(s, rng) if rng.random() < 0.05 else s for s in items))

    pathways = {
        pid: dataclasses.replace(
            p,
            introduction=lightly(p.introduction),
            objectives=move_one(p.objectives),
            activities=move_one(p.activities),
        )
        for pid, p in revised.pathways.items()
    }
    np = revised.national_priorities
    return dataclasses.replace(
        revised,
        meta=dataclasses.replace(revised.meta, revision=revision),
        national_priorities=dataclasses.replace(
            np, paragraphs=lightly(np.paragraphs), investments=lightly(np.investments)
        ),
        pathways=Pathways(**pathways),
        our_partners=OurPartners(names=move_one(revised.our_partners.names)),
    )


# --------------------------------------------------------------------------- writing


def check(plan: Plan) -> None:
    """Fail loudly if a generated target does not satisfy the loader (before the file is even written)."""
    for pid, target in plan.all_targets():
        problems = check_target(target, f"pathways.{pid}", plan.meta.region)
        if problems:
            raise AssertionError(f"{plan.code}: generated an invalid target {target.text!r}: {problems}")


def write_plan(plan: Plan, path: Path) -> Path:
    """Write a plan with :func:`dump_plan` and check that :func:`load_plan` reads back the same plan."""
    check(plan)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_plan(plan), encoding="utf-8")
    loaded = load_plan(path)  # raises PlanInvalid with every problem
    if loaded != plan:
        raise AssertionError(f"{path}: the plan read back differs from the plan written")
    return path


def real_plans(source_dir: str | Path = PLANS) -> dict[str, Plan]:
    """The two real plans every synthetic one derives from, by code."""
    return {code: load_plan(Path(source_dir) / name) for code, name in REAL_FILES.items()}


def region_plan(region: Region, real: dict[str, Plan], seed: int = SEED) -> Plan:
    """A region's plan: the real one as it is, or one derived from its base (see the module docstring)."""
    base = real[region.base]
    return base if region.code == region.base else derive_region(base, region, seed)


def generate(out_dir: str | Path, *, source_dir: str | Path = PLANS, seed: int = SEED) -> Generated:
    """Write the 12 regions and the two enlarged plans under ``out_dir`` (see the module docstring)."""
    root = Path(out_dir)
    real = real_plans(source_dir)
    regions_dir = root / "regions"
    files = {r.code: write_plan(region_plan(r, real, seed), regions_dir / f"{r.stem}.toml") for r in REGIONS}
    large = enlarge(real["nw"], FACTOR, seed)
    large_path = write_plan(large, root / "large" / LARGE)
    revised_path = write_plan(revise(large, seed), root / "large" / LARGE_REVISED)
    return Generated(root, regions_dir, files, large_path, revised_path)


@dataclass(frozen=True)
class Corpus:
    """A directory of ``count`` region plans, each ``factor`` times as long: what ``rrp --plans DIR`` reads."""

    directory: Path
    codes: tuple[str, ...]  # in ALL_REGIONS order
    factor: int

    @property
    def files(self) -> list[Path]:
        """The plan files, in the order of ``codes``."""
        return [self.directory / f"{r.stem}.toml" for r in ALL_REGIONS[: len(self.codes)]]


def corpus_name(count: int, factor: int = 1) -> str:
    """The directory name :func:`write_corpus` gives a corpus: ``12x1``, ``2x100``."""
    return f"{count}x{factor}"


def write_corpus(
    out_dir: str | Path, count: int, factor: int = 1, *, source_dir: str | Path = PLANS, seed: int = SEED
) -> Corpus:
    """Write the first ``count`` regions of :data:`ALL_REGIONS`, each enlarged ``factor`` times.

    The plans go into ``out_dir/<count>x<factor>/``, alone, so that ``rrp --plans`` on that directory
    reads no other plan.  At factor 1 the first 12 are the plans :func:`generate` writes to
    ``regions/``, and North West at factor 10 is ``large/north_west_x10.toml``, byte for byte.
    """
    if not 2 <= count <= MAX_REGIONS:
        raise ValueError(f"{count} regions: a corpus has 2 to {MAX_REGIONS}")
    if not 1 <= factor <= MAX_FACTOR:
        raise ValueError(f"factor {factor}: a corpus's plans are 1 to {MAX_FACTOR} times as long")
    directory = Path(out_dir) / corpus_name(count, factor)
    real = real_plans(source_dir)
    regions = ALL_REGIONS[:count]
    for region in regions:
        write_plan(enlarge(region_plan(region, real, seed), factor, seed), directory / f"{region.stem}.toml")
    return Corpus(directory, tuple(r.code for r in regions), factor)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write the benchmark's synthetic plans: the 12 regions and North West x10 with its revision, "
        "or with --regions/--factor one corpus of N regions, each K times as long."
    )
    parser.add_argument("out_dir", help="directory to write into (created)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"seed (default {SEED})")
    parser.add_argument(
        "--regions", type=int, metavar="N", help=f"write one corpus of the first N regions (2 to {MAX_REGIONS})"
    )
    parser.add_argument(
        "--factor", type=int, metavar="K", help=f"with --regions: every plan K times as long (1 to {MAX_FACTOR})"
    )
    args = parser.parse_args(argv)
    if args.regions is None:
        if args.factor is not None:
            parser.error("--factor needs --regions")
        done = generate(args.out_dir, seed=args.seed)
        paths = [*done.regions.values(), done.large, done.large_revised]
    else:
        try:
            paths = write_corpus(args.out_dir, args.regions, args.factor or 1, seed=args.seed).files
        except ValueError as exc:
            parser.error(str(exc))
    for path in paths:
        print(f"{path}  ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
