"""Line numbers of TOML tables and keys, for located scenario errors."""

from __future__ import annotations

import pytest

from bouwstroom_qgis.core.scenario_lines import TOMLDecodeError, TomlLines, loads, toml_error_line

TEXT = """\
# comment [not a header]
title = "x"

[scenario]
name = "a"

[[criteria]]
name = "one"
weight = 1

[[criteria]]
name = "two"
values = { corporatie = 1.0 }
"weight" = 2

[weights]
method = "ahp"
matrix = [
  [1],
  [1, 2],
]
criteria = ["one", "two"]
text = \"\"\"
[fake]
weight = 9
\"\"\"
allow_inconsistent = true

[layers.natura2000]
kind = "constraint"

[[inputs.zoning]]
path = "a.gml"

[[inputs.zoning]]
path = "b.gml"
"""


@pytest.fixture(scope="module")
def lines() -> TomlLines:
    loads(TEXT)  # the fixture itself is valid TOML
    return TomlLines(TEXT)


@pytest.mark.parametrize(
    ("where", "line"),
    [
        (("title",), 2),
        (("scenario",), 4),
        (("scenario", "name"), 5),
        (("criteria", 0), 7),
        (("criteria", 0, "weight"), 9),
        (("criteria", 1), 11),
        (("criteria", 1, "name"), 12),
        (("criteria", 1, "values"), 13),
        (("criteria", 1, "weight"), 14),  # a quoted key
        (("criteria", 1, "range"), 11),  # absent key: its table
        (("weights", "matrix"), 18),
        (("weights", "criteria"), 22),  # after a multi-line array whose rows look like headers
        (("weights", "allow_inconsistent"), 27),  # after a multi-line string with a fake table
        (("layers", "natura2000", "kind"), 30),
        (("layers", "natura2000"), 29),
        (("inputs", "zoning", 1, "path"), 36),
        (("inputs", "zoning", 0), 32),
        (("inputs",), 32),  # implicit table: its first sub-table
        (("inputs", "parcels", "path"), 32),
        (("fake",), None),
    ],
)
def test_line_of(lines: TomlLines, where, line):
    assert lines.line_of(*where) == line


def test_counts_lines(lines: TomlLines):
    assert lines.n_lines == TEXT.count("\n")


def test_weight_not_confused_with_the_fake_table_in_a_string(lines: TomlLines):
    assert lines.line_of("fake", "weight") is None


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a = 1\nb = \n", "invalid value (column 5)", 2),
        ("a = 1\na = 2\n", "cannot overwrite a value (column ", 2),
        ('a = "open\n', "illegal character", 1),
        ("a = [1,\n", "invalid value (at the end of the file)", 1),
    ],
)
def test_toml_error_line_from_tomllib(text, message, line):
    with pytest.raises(TOMLDecodeError) as info:
        loads(text)
    found, found_line = toml_error_line(str(info.value), text.count("\n"))
    assert found.startswith(message)
    assert found_line == line


def test_toml_error_without_position_is_kept():
    assert toml_error_line("odd", 3) == ("odd", None)
