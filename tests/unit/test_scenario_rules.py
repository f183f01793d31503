"""[[criteria]], [[exclusions]] and [weights]: parsed values and every refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.scenario import parse_scenario

FILE = Path("/data/s.toml")
LAYERS = """\
[layers.natura2000]
kind = "constraint"
path = "n2000.gpkg"

[layers.station]
kind = "amenity"
path = "stations.gpkg"
"""
SIZE = """
[[criteria]]
name = "size"
metric = "area_m2"
function = "ideal"
ideal = [1500, 8000]
limits = [300, 40000]
weight = 20
"""
OWNER = """
[[criteria]]
name = "owner"
metric = "owner_type"
function = "categorical"
values = { corporatie = 1.0, gemeente = 0.9 }
default = 0.1
weight = 50
missing = "exclude"
"""
STATION = """
[[criteria]]
name = "station"
metric = "dist_station"
function = "linear"
direction = "cost"
range = [800, 5000]
weight = 30
"""
BASE = LAYERS + SIZE + OWNER + STATION


def line_of(text: str, snippet: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if snippet in line]
    return hits[nth - 1]


def error_of(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, FILE)
    return info.value


def test_criteria_parsed_and_weights_normalised():
    size, owner, station = parse_scenario(BASE, FILE).criteria
    assert [c.weight for c in (size, owner, station)] == pytest.approx([0.2, 0.5, 0.3])
    assert (size.direction, size.missing) == ("benefit", "worst")
    assert owner.params == {"values": {"corporatie": 1.0, "gemeente": 0.9}, "default": 0.1}
    assert owner.missing == "exclude"
    assert (station.direction, station.params) == ("cost", {"range": (800.0, 5000.0)})


def test_zero_weight_criterion_is_allowed_beside_positive_ones():
    text = BASE.replace("weight = 20", "weight = 0")
    assert [c.weight for c in parse_scenario(text).criteria] == pytest.approx([0, 0.625, 0.375])


# (replace this, with this), the line holding `snippet` (nth), and the message.
CRITERION_ERRORS = [
    (
        ('metric = "area_m2"', 'metric = "area"'),
        'metric = "area"',
        1,
        "criterion 'size': unknown metric 'area'; known metrics: area_m2, compactness",
    ),
    (
        ('metric = "dist_station"', 'metric = "dist_school"'),
        "dist_school",
        1,
        "unknown metric 'dist_school'; known metrics: area_m2",
    ),
    (
        ('function = "linear"', 'function = "lineair"'),
        "lineair",
        1,
        "criterion 'station': 'function' is 'lineair'; use one of linear, threshold, ideal, "
        "categorical",
    ),
    (
        ('direction = "cost"', 'direction = "kosten"'),
        "kosten",
        1,
        "'direction' is 'kosten'; use one of benefit, cost",
    ),
    (
        ("weight = 30", "weight = -30"),
        "weight = -30",
        1,
        "criterion 'station': weight = -30 must not be negative",
    ),
    (
        ("weight = 30", 'weight = "30"'),
        'weight = "30"',
        1,
        "'weight' must be a number, not the text '30'",
    ),
    (("weight = 30\n", ""), "[[criteria]]", 3, "criterion 'station': missing 'weight'"),
    (
        ("range = [800, 5000]\n", ""),
        "[[criteria]]",
        3,
        "criterion 'station': missing 'range' = [low, high]",
    ),
    (
        ("range = [800, 5000]", "range = [5000, 800]"),
        "range =",
        1,
        "'range' = [5000, 800]: the first number must be smaller than the second",
    ),
    (
        ("range = [800, 5000]", "range = [800, 800]"),
        "range =",
        1,
        "the first number must be smaller",
    ),
    (
        ("range = [800, 5000]", "range = [800]"),
        "range =",
        1,
        "'range' must be two numbers [low, high]",
    ),
    (
        ("limits = [300, 40000]", "limits = [2000, 40000]"),
        "ideal =",
        1,
        "criterion 'size': ideal = [1500, 8000] must lie inside limits = [2000, 40000]",
    ),
    (("limits = [300, 40000]", "limits = [300, 6000]"), "ideal =", 1, "must lie inside limits"),
    (("limits = [300, 40000]\n", ""), "[[criteria]]", 1, "criterion 'size': missing 'limits'"),
    (
        ('name = "station"', 'name = "size"'),
        'name = "size"',
        2,
        "criterion 'size': the name is used twice (criteria 1 and 3)",
    ),
    (('name = "station"', 'name = "Size"'), 'name = "Size"', 1, "is used twice"),
    (
        ('name = "station"', 'name = "station km"'),
        "station km",
        1,
        "name 'station km' must be letters, digits and _ (it becomes the column c_station km)",
    ),
    (
        ("gemeente = 0.9", "gemeente = 1.5"),
        "gemeente = 1.5",
        1,
        "criterion 'owner': values.gemeente = 1.5 must lie between 0 and 1",
    ),
    (
        ("gemeente = 0.9", "gemeenten = 0.9"),
        "gemeenten",
        1,
        "'gemeenten' is no owner_type; use one of corporatie, gemeente, provincie, overig",
    ),
    (("gemeente = 0.9", 'gemeente = "hoog"'), "gemeente", 1, "'values.gemeente' must be a number"),
    (
        ("default = 0.1", "default = -0.1"),
        "default = -0.1",
        1,
        "default = -0.1 must lie between 0 and 1",
    ),
    (
        ("values = { corporatie = 1.0, gemeente = 0.9 }\n", ""),
        "[[criteria]]",
        2,
        "criterion 'owner': missing 'values' = { category = 0..1, ... }",
    ),
    (
        ("values = { corporatie = 1.0, gemeente = 0.9 }", "values = {}"),
        "values = {}",
        1,
        "'values' must be a table like",
    ),
    (
        ('missing = "exclude"', 'missing = "skip"'),
        "skip",
        1,
        "'missing' is 'skip'; use one of worst, exclude",
    ),
    (
        ('metric = "owner_type"', 'metric = "area_m2"'),
        'function = "categorical"',
        1,
        "criterion 'owner': area_m2 is a number, which a categorical function cannot score; "
        "use linear, threshold or ideal",
    ),
    (
        ('metric = "dist_station"', 'metric = "municipality"'),
        'function = "linear"',
        1,
        "municipality is a category, which a linear function cannot score; use categorical",
    ),
    (
        ('direction = "cost"', 'direction = "cost"\nthreshold = 3'),
        "threshold = 3",
        1,
        "unknown key 'threshold' for a linear function; allowed: name, metric, function, weight, "
        "missing, direction, range",
    ),
    (
        ("limits = [300, 40000]", 'limits = [300, 40000]\ndirection = "cost"'),
        'direction = "cost"',
        1,
        "unknown key 'direction' for a ideal function",
    ),
    (("weight = 20", "wieght = 20"), "wieght", 1, "did you mean 'weight'?"),
    (('name = "size"\n', ""), "[[criteria]]", 1, "criterion 1: missing 'name'"),
]


@pytest.mark.parametrize(("change", "snippet", "nth", "message"), CRITERION_ERRORS)
def test_criterion_errors(change, snippet, nth, message):
    assert change[0] in BASE
    text = BASE.replace(*change, 1)
    err = error_of(text)
    assert err.line == line_of(text, snippet, nth)
    assert message in err.message
    assert str(err).startswith(f"/data/s.toml, line {err.line}: ")


def test_threshold_criterion():
    text = LAYERS + (
        '[[criteria]]\nname = "vorm"\nmetric = "compactness"\nfunction = "threshold"\n'
        'direction = "cost"\nthreshold = 0.4\nweight = 5\n'
    )
    (vorm,) = parse_scenario(text).criteria
    assert (vorm.function, vorm.direction, vorm.params, vorm.weight) == (
        "threshold", "cost", {"threshold": 0.4}, 1.0
    )  # fmt: skip


def test_all_weights_zero():
    text = BASE.replace("weight = 20", "weight = 0").replace("weight = 50", "weight = 0")
    text = text.replace("weight = 30", "weight = 0.0")
    err = error_of(text)
    assert err.line == line_of(text, "weight = 0")
    assert "all criteria have weight 0" in err.message


def test_no_criteria():
    err = error_of(LAYERS)
    assert err.line is None
    assert "the scenario has no [[criteria]]" in err.message


def test_criteria_as_a_single_table_is_refused():
    text = LAYERS + '[criteria]\nname = "x"\n'
    err = error_of(text)
    assert err.line == line_of(text, "[criteria]")
    assert "write criteria as [[criteria]] (double brackets)" in err.message


# --- exclusions ------------------------------------------------------------------------------


def exclusions_of(*whens: str, extra: str = "") -> str:
    return BASE + "".join(f"\n[[exclusions]]\nwhen = '{w}'\n{extra}" for w in whens)


def test_exclusions_parsed():
    text = exclusions_of(
        "dist_natura2000 < 250",
        "area_m2>=40000",
        'owner_type == "overig"',
        'owner_type in ["overig", "provincie"]',
        "share_natura2000 in [0, 1]",
        'municipality != "Assen"',
    )
    parsed = [(e.metric, e.op, e.value, e.reason) for e in parse_scenario(text).exclusions]
    assert parsed == [
        ("dist_natura2000", "<", 250.0, "dist_natura2000 < 250"),
        ("area_m2", ">=", 40000.0, "area_m2>=40000"),
        ("owner_type", "==", "overig", 'owner_type == "overig"'),
        ("owner_type", "in", ("overig", "provincie"), 'owner_type in ["overig", "provincie"]'),
        ("share_natura2000", "in", (0.0, 1.0), "share_natura2000 in [0, 1]"),
        ("municipality", "!=", "Assen", 'municipality != "Assen"'),
    ]


def test_exclusion_reason_and_missing():
    text = BASE + (
        '\n[[exclusions]]\nwhen = "dist_natura2000 < 250"\nreason = "te dicht bij natuur"\n'
        'missing = "keep"\n'
    )
    (exclusion,) = parse_scenario(text).exclusions
    assert (exclusion.reason, exclusion.missing) == ("te dicht bij natuur", "keep")


EXCLUSION_ERRORS = [
    ("dist_natura2000 <> 250", "is not a number, a quoted text"),
    ("dist_natura2000 250", "is not '<metric> <op> <value>' with op one of < <= > >= == != in"),
    ("< 250", "is not '<metric> <op> <value>'"),
    ("dist_natura < 250", "exclusion 2: unknown metric 'dist_natura'; known metrics: area_m2"),
    (
        "owner_type == overig",
        "'overig' is not a number, a quoted text (write 'owner_type == \"gemeente\"'",
    ),
    ('owner_type < "overig"', "owner_type is a category; compare it with ==, != or in"),
    (
        'owner_type == "woningcorporatie"',
        "'woningcorporatie' is no owner_type; use one of corporatie",
    ),
    ('plan_status in ["vastgesteld", "onherroepelijk"]', "'onherroepelijk' is no plan_status"),
    ("owner_type == 3", 'owner_type is compared with a quoted text like "gemeente"'),
    ('area_m2 < "150"', "area_m2 is compared with a number"),
    ("area_m2 < true", "area_m2 is compared with a number"),
    ("area_m2 in 150", "'in' needs a non-empty [list]"),
    ("area_m2 in []", "'in' needs a non-empty [list]"),
    ('area_m2 in [1, "2"]', "area_m2 is compared with a number"),
]


@pytest.mark.parametrize(("when", "message"), EXCLUSION_ERRORS)
def test_exclusion_when_errors(when, message):
    text = exclusions_of("area_m2 < 150", when)
    err = error_of(text)
    assert err.line == line_of(text, "when = ", 2)
    assert message in err.message
    assert err.message.startswith("exclusion 2: ")


@pytest.mark.parametrize(
    ("extra", "snippet", "message"),
    [
        ('missing = "ignore"\n', "ignore", "'missing' is 'ignore'; use one of exclude, keep"),
        ('reasn = "x"\n', "reasn", "unknown key 'reasn'; did you mean 'reason'?"),
        ('reason = ""\n', "reason", "'reason' must be a non-empty text"),
    ],
)
def test_exclusion_key_errors(extra, snippet, message):
    text = exclusions_of("area_m2 < 150", extra=extra)
    err = error_of(text)
    assert err.line == line_of(text, snippet)
    assert message in err.message


def test_exclusion_without_when():
    text = BASE + '\n[[exclusions]]\nreason = "x"\n'
    err = error_of(text)
    assert err.line == line_of(text, "[[exclusions]]")
    assert "exclusion 1: missing 'when'" in err.message


# --- AHP -------------------------------------------------------------------------------------


def ahp_text(matrix: str, order: str = '["size", "owner", "station"]', extra: str = "") -> str:
    base = BASE.replace("weight = 20\n", "").replace("weight = 50\n", "")
    base = base.replace("weight = 30\n", "")
    return base + f'\n[weights]\nmethod = "ahp"\ncriteria = {order}\nmatrix = {matrix}\n{extra}'


CONSISTENT = '[[1, "1/2", 2], [2, 1, 4], ["1/2", "1/4", 1]]'
# Saaty (1990), the three houses compared on size of house: CR = 0.117.
SAATY_SIZE = '[[1, 6, 8], ["1/6", 1, 4], ["1/8", "1/4", 1]]'


def test_ahp_weights_follow_the_matrix_order():
    scenario = parse_scenario(ahp_text(CONSISTENT, '["owner", "station", "size"]'))
    # owner 2/7, station 4/7, size 1/7 in criteria order size, owner, station
    assert [c.weight for c in scenario.criteria] == pytest.approx([1 / 7, 2 / 7, 4 / 7])
    assert scenario.ahp_consistency_ratio == pytest.approx(0.0, abs=1e-9)


def test_ahp_inconsistent_matrix_is_refused_with_its_ratio():
    text = ahp_text(SAATY_SIZE)
    err = error_of(text)
    assert err.line == line_of(text, "matrix =")
    assert "[weights]: the AHP matrix is inconsistent: consistency ratio 0.117 is above 0.1" in (
        err.message
    )
    assert "allow_inconsistent = true" in err.message


def test_ahp_inconsistent_matrix_allowed_on_request():
    scenario = parse_scenario(ahp_text(SAATY_SIZE, extra="allow_inconsistent = true\n"))
    assert [c.weight for c in scenario.criteria] == pytest.approx([0.754, 0.181, 0.065], abs=5e-4)
    assert scenario.ahp_consistency_ratio == pytest.approx(0.117, abs=5e-4)


AHP_ERRORS = [
    (
        '[[1, 2], ["1/2", 1]]',
        None,
        "",
        "matrix =",
        "the AHP matrix must be 3 x 3 for the 3 criteria, it has 2 rows of 2 entries",
    ),
    (
        '[[1, 2, 3], ["1/2", 1], ["1/3", 1, 1]]',
        None,
        "",
        "matrix =",
        "it has 3 rows of 2/3 entries",
    ),
    (
        '[[1, 2, 3], [2, 1, 1], ["1/3", 1, 1]]',
        None,
        "",
        "matrix =",
        "AHP matrix: row 1, column 2 (2) and row 2, column 1 (2) must be reciprocal",
    ),
    (
        '[[1, 0, 3], [2, 1, 1], ["1/3", 1, 1]]',
        None,
        "",
        "matrix =",
        "AHP matrix: 0 is not positive",
    ),
    (
        '[[1, "a", 3], [2, 1, 1], ["1/3", 1, 1]]',
        None,
        "",
        "matrix =",
        "AHP matrix: 'a' is not a number or a fraction like \"1/3\"",
    ),
    ("[[2, 1, 1], [1, 1, 1], [1, 1, 1]]", None, "", "matrix =", "row 1, column 1 must be 1"),
    (
        CONSISTENT,
        '["size", "owner"]',
        "",
        "criteria = [",
        "[weights]: criteria must name each [[criteria]] once: missing station",
    ),
    (
        CONSISTENT,
        '["size", "owner", "stations"]',
        "",
        "criteria = [",
        "missing station; unknown stations",
    ),
    (CONSISTENT, '["size", "owner", "owner"]', "", "criteria = [", "named twice owner"),
    (
        CONSISTENT,
        None,
        "allow_inconsistent = 1\n",
        "allow_inconsistent",
        "allow_inconsistent must be true or false",
    ),
    (CONSISTENT, None, "order = 2\n", "order =", "unknown key 'order' in [weights]"),
    ("3", None, "", "[weights]", "[weights]: missing matrix = [[row], [row], ...]"),
]


@pytest.mark.parametrize(("matrix", "order", "extra", "snippet", "message"), AHP_ERRORS)
def test_ahp_errors(matrix, order, extra, snippet, message):
    text = ahp_text(matrix, order or '["size", "owner", "station"]', extra)
    err = error_of(text)
    assert err.line == line_of(text, snippet)
    assert message in err.message


def test_ahp_with_weights_on_criteria_is_refused():
    text = ahp_text(CONSISTENT).replace('name = "owner"', 'name = "owner"\nweight = 3')
    err = error_of(text)
    assert err.line == line_of(text, "weight = 3")
    assert (
        "criterion 'owner': a weight is given, but [weights] method = \"ahp\" sets" in err.message
    )


def test_direct_weights_refuse_a_matrix():
    text = BASE + "\n[weights]\nmatrix = [[1]]\n"
    err = error_of(text)
    assert err.line == line_of(text, "matrix =")
    assert "[weights]: 'matrix' needs method = \"ahp\"" in err.message


def test_unknown_weights_method():
    text = BASE + '\n[weights]\nmethod = "swing"\n'
    err = error_of(text)
    assert err.line == line_of(text, "method =")
    assert "'method' is 'swing'; use one of direct, ahp" in err.message
