"""Line numbers of tables and keys in a scenario's TOML text, for error messages.

``tomllib`` gives plain dicts without positions, so a semantic error (an unknown
metric, a negative weight) would otherwise name no line. This module scans the text
once for table headers and the keys under them; it understands just enough TOML
(strings, comments, multi-line arrays and strings) not to mistake a row of an AHP
matrix for a table header.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bouwstroom_qgis.core.errors import ScenarioError

TOMLDecodeError = tomllib.TOMLDecodeError

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*(\]\]?)\s*(?:#.*)?$")
_KEY_PART = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*""")
_TOML_ERROR = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_ERROR_END = re.compile(r"\s*\(at end of document\)\s*$")


@dataclass(frozen=True)
class _Header:
    path: tuple[str, ...]
    array: bool
    index: int  # occurrence number among array headers of the same path; 0 for tables
    line: int


@dataclass
class TomlLines:
    """Where each table header and each key of a TOML text starts (1-based lines).

    Parameters
    ----------
    text : str
        The TOML document.

    Examples
    --------
    >>> lines = TomlLines("[[criteria]]\\nname = 'a'\\n[[criteria]]\\nname = 'b'\\nweight = -1\\n")
    >>> lines.line_of("criteria", 1, "weight")
    5
    >>> lines.line_of("criteria", 1, "range")   # absent key: the table's header
    3
    """

    text: str
    n_lines: int = 0
    _headers: list[_Header] = field(default_factory=list)
    _keys: dict[tuple[int, str], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._scan()

    def _scan(self) -> None:
        depth = 0
        open_string: str | None = None
        current = -1  # index of the table header in force; -1 is the root table
        counts: dict[tuple[str, ...], int] = {}
        lines = self.text.splitlines()
        self.n_lines = len(lines)
        for number, line in enumerate(lines, start=1):
            at_top = depth == 0 and open_string is None
            header = _HEADER.match(line) if at_top else None
            if header and len(header.group(1)) == len(header.group(3)):
                path = _split_key(header.group(2))
                if path is not None:
                    array = header.group(1) == "[["
                    index = counts.get(path, 0) if array else 0
                    if array:
                        counts[path] = index + 1
                    self._headers.append(_Header(path, array, index, number))
                    current = len(self._headers) - 1
                    continue
            if at_top:
                key = _leading_key(line)
                if key is not None:
                    self._keys.setdefault((current, key), number)
            depth, open_string = _track_brackets(line, depth, open_string)

    def line_of(self, *where: str | int) -> int | None:
        """The line of a table or key, addressed like the parsed document.

        Parameters
        ----------
        *where : str or int
            Keys and array indices, e.g. ``("criteria", 2, "range")`` for the ``range``
            key of the third ``[[criteria]]`` or ``("layers", "natura2000")``.

        Returns
        -------
        int or None
            The line of the deepest part found: the key itself, else its table's
            header, else ``None`` when nothing of it appears in the text.
        """
        parts = list(where)
        for cut in range(len(parts), -1, -1):
            header = self._find_header(parts[:cut])
            if header is None:
                continue
            rest = parts[cut:]
            if rest and isinstance(rest[0], str):
                line = self._keys.get((header, rest[0]))
                if line is not None:
                    return line
            if header >= 0:
                return self._headers[header].line
        # An implicit table, e.g. [inputs] only present through [inputs.zoning].
        names = tuple(p for p in parts if isinstance(p, str))
        for size in range(len(names), 0, -1):
            for h in self._headers:
                if h.path[:size] == names[:size]:
                    return h.line
        return None

    def _find_header(self, table: list[str | int]) -> int | None:
        if not table:
            return -1
        *names, last = table
        if any(isinstance(p, int) for p in names):
            return None
        if isinstance(last, int):
            path, array, index = tuple(str(p) for p in names), True, last
        else:
            path, array, index = (*(str(p) for p in names), last), False, 0
        for number, h in enumerate(self._headers):
            if h.path == path and h.array == array and h.index == index:
                return number
        return None


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text (raises :class:`TOMLDecodeError`)."""
    return tomllib.loads(text)


def toml_error_line(message: str, n_lines: int) -> tuple[str, int | None]:
    """Split tomllib's ``"... (at line 3, column 9)"`` into a message and a line.

    Parameters
    ----------
    message : str
        ``str(tomllib.TOMLDecodeError)``.
    n_lines : int
        Number of lines in the document, for errors "at end of document".

    Examples
    --------
    >>> toml_error_line("Invalid value (at line 3, column 9)", 10)
    ('invalid value (column 9)', 3)
    """
    found = _TOML_ERROR.search(message)
    if found:
        text = message[: found.start()]
        return f"{text[:1].lower()}{text[1:]} (column {found.group(2)})", int(found.group(1))
    found = _TOML_ERROR_END.search(message)
    if found:
        text = message[: found.start()]
        return f"{text[:1].lower()}{text[1:]} (at the end of the file)", max(n_lines, 1)
    return message, None


def _split_key(text: str) -> tuple[str, ...] | None:
    """``a."b c".d`` -> ``("a", "b c", "d")``; ``None`` when it is not a key."""
    parts: list[str] = []
    pos = 0
    while True:
        found = _KEY_PART.match(text, pos)
        if not found:
            return None
        raw = found.group(1)
        parts.append(raw[1:-1] if raw[0] in "\"'" else raw)
        pos = found.end()
        if pos == len(text):
            return tuple(parts)
        if text[pos] != ".":
            return None
        pos += 1


def _leading_key(line: str) -> str | None:
    """The first key of a ``key = value`` (or dotted ``key.sub = value``) line."""
    found = _KEY_PART.match(line)
    if not found or not found.group(1):
        return None
    rest = line[found.end() :]
    if not rest.startswith(("=", ".")):
        return None
    raw = found.group(1)
    return raw[1:-1] if raw[0] in "\"'" else raw


def _track_brackets(line: str, depth: int, open_string: str | None) -> tuple[int, str | None]:
    """Bracket depth and open multi-line string after ``line``, ignoring strings and comments."""
    i = 0
    n = len(line)
    while i < n:
        if open_string is not None:
            end = line.find(open_string, i)
            if end < 0:
                return depth, open_string
            i = end + 3
            open_string = None
            continue
        ch = line[i]
        if ch == "#":
            break
        if line.startswith(('"""', "'''"), i):
            open_string = line[i : i + 3]
            i += 3
            continue
        if ch in "\"'":
            i = _end_of_string(line, i)
            continue
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return depth, open_string


def _end_of_string(line: str, start: int) -> int:
    quote = line[start]
    i = start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i + 1
        i += 1
    return i


def read_text(path: Path, missing: str = "file not found") -> str:
    """A TOML file's text (UTF-8, a BOM allowed), with one-line errors naming file and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(missing, path=path) from None
    except OSError as err:
        raise ScenarioError(f"cannot be read: {err.strerror}", path=path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ScenarioError(
            f"not UTF-8 text (byte {err.start}); save the file as UTF-8", path=path, line=line
        ) from None
