"""A scenario's TOML text with new weights, keeping every comment and layout.

The dock saves the weights and switches a planner chose as the scenario file the
engine reads: each ``[[criteria]]`` table gets its ``weight`` line rewritten (or added,
when an AHP matrix set the weights, whose ``[weights]`` table is then commented out);
switched-off criteria are commented out whole, so the engine leaves them out exactly
as live scoring does, and so are their lines in the stakeholder profiles
(``[profiles.<name>]``), which may only weigh criteria the scenario has. Standard
library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_HEADER = re.compile(r"^\s*\[")
_CRITERIA = re.compile(r"^\s*\[\[\s*criteria\s*\]\]")
_WEIGHTS = re.compile(r"^\s*\[\s*weights\s*\]")
_PROFILE = re.compile(r"^\s*\[\s*profiles\.")
_KEY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")
_NAME = re.compile(r"""^\s*name\s*=\s*["']([^"']+)["']""")
_WEIGHT = re.compile(r"^(\s*weight\s*=\s*)([^#\r\n]*?)([ \t]*(#.*)?)$")
OFF = "# (switched off) "


def number(value: float) -> str:
    """``25`` for whole numbers, else the shortest exact decimal."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def with_weights(text: str, points: Mapping[str, float], enabled: Iterable[str]) -> str:
    """``text`` with ``weight = points[name]`` per criterion and the others commented out."""
    on = set(enabled)
    lines = text.splitlines(keepends=True)
    blocks = _blocks(lines)
    out = list(lines)
    for start, end, kind in blocks:
        if kind == "weights":
            out[start:end] = [f"# {line}" if line.strip() else line for line in lines[start:end]]
            continue
        if kind == "profile":
            for i in range(start + 1, end):
                key = _KEY.match(lines[i])
                if key and key.group(1) in points and key.group(1) not in on:
                    out[i] = OFF + lines[i]
            continue
        if kind != "criteria":
            continue
        name = next((m.group(1) for line in lines[start:end] if (m := _NAME.match(line))), None)
        if name is None or name not in points:
            continue
        weight_line = next((i for i in range(start, end) if _WEIGHT.match(lines[i])), None)
        value = number(points[name])
        if weight_line is None:
            name_line = next(i for i in range(start, end) if _NAME.match(lines[i]))
            out[name_line] = lines[name_line] + f"weight = {value}\n"
        else:
            body = lines[weight_line].rstrip("\r\n")
            match = _WEIGHT.match(body)
            ending = lines[weight_line][len(body) :]
            out[weight_line] = f"{match.group(1)}{value}{match.group(3)}{ending}"
        if name not in on:
            out[start:end] = [OFF + line if line.strip() else line for line in out[start:end]]
    return "".join(out)


def _blocks(lines: list[str]) -> list[tuple[int, int, str]]:
    """``(first line, end line, kind)`` of each table: criteria, weights or other.

    A table ends at the next header or at the comment lines just before it, so that the
    comment introducing the next table stays with that table.
    """
    starts = [i for i, line in enumerate(lines) if _HEADER.match(line) and not _in_array(lines, i)]
    blocks = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        while end - 1 > start and (
            not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
        ):
            end -= 1
        kind = (
            "criteria"
            if _CRITERIA.match(lines[start])
            else "weights"
            if _WEIGHTS.match(lines[start])
            else "profile"
            if _PROFILE.match(lines[start])
            else ""
        )
        if kind == "weights" and "ahp" not in "".join(lines[start:end]):
            kind = ""
        blocks.append((start, end, kind))
    return blocks


def _in_array(lines: list[str], i: int) -> bool:
    """Whether line ``i`` lies inside a multi-line array (an AHP matrix row like ``[1, 2]``)."""
    depth = 0
    for line in lines[:i]:
        code = line.split("#", 1)[0]
        if "=" in code and not depth:
            code = code.split("=", 1)[1]
        elif not depth:
            continue
        depth += code.count("[") - code.count("]")
        depth = max(depth, 0)
    return depth > 0
