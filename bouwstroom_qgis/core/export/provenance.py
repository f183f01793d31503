"""Where a result comes from: enough to make it again and to tell whether it still holds.

The provenance holds the scenario's text, the command that ran it, the versions of the
tool and its libraries, and a fingerprint (size in bytes and SHA-256) of every input
file. A reader saves the scenario text beside the original scenario (its input paths
are relative to that folder), checks that every input still has its fingerprint
(:func:`check_inputs`) and runs ``bouwstroom run`` again; the engine is deterministic,
so the same inputs give the same tables.

In the GeoPackage it is the attribute table ``provenance`` (one row per item, readable
in QGIS, GDAL and any SQLite tool), with the same record as JSON in that table's GDAL
metadata (``gpkg_metadata``, key ``BOUWSTROOM_PROVENANCE``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import os
import platform
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bouwstroom_qgis.core.scenario import Scenario
from bouwstroom_qgis.paths import resource

METADATA_KEY = "BOUWSTROOM_PROVENANCE"
CHUNK = 1 << 20  # bytes read at a time while hashing
# Distribution name -> how it is listed; GDAL, GEOS and PROJ are the libraries under them.
LIBRARIES = (
    "numpy",
    "pandas",
    "geopandas",
    "shapely",
    "pyogrio",
    "pyproj",
    "pyarrow",
    "openpyxl",
    "matplotlib",
)
AT_RUN = "run"
AT_EXPORT = "export"  # fingerprinted when exporting an older result: files may have changed


@dataclass(frozen=True)
class InputFile:
    """One input file and its fingerprint."""

    role: str
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Provenance:
    """What made a result; see the module text for how to rerun it."""

    tool_version: str
    command: str
    working_dir: str
    scenario_name: str
    scenario_path: str
    scenario_text: str
    inputs: tuple[InputFile, ...]
    libraries: tuple[tuple[str, str], ...]
    fingerprinted: str = AT_RUN

    def to_json(self) -> str:
        """The record as JSON text with sorted keys (the same record gives the same text)."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Provenance:
        data = json.loads(text)
        data["inputs"] = tuple(InputFile(**item) for item in data["inputs"])
        data["libraries"] = tuple((name, version) for name, version in data["libraries"])
        return cls(**data)


def tool_version() -> str:
    """This tool's version: from the metadata.txt beside the code, else the installed one."""
    metadata = resource("..", "metadata.txt")
    if metadata.is_file():
        for line in metadata.read_text(encoding="utf-8").splitlines():
            if line.startswith("version="):
                return line.split("=", 1)[1].strip()
    try:
        return importlib.metadata.version("bouwstroom-qgis")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def library_versions() -> tuple[tuple[str, str], ...]:
    """Python, the installed libraries of the stack and the GDAL, GEOS and PROJ under them."""
    found = [("python", platform.python_version()), ("platform", platform.platform())]
    for name in LIBRARIES:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            continue
    import pyogrio
    import pyproj
    import shapely

    found += [
        ("GDAL", str(pyogrio.__gdal_version_string__)),
        ("GEOS", shapely.geos_version_string),
        ("PROJ", pyproj.proj_version_str),
    ]
    return tuple(found)


def fingerprint(path: Path) -> tuple[int, str]:
    """Size in bytes and SHA-256 (hex) of one file."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def scenario_inputs(scenario: Scenario) -> list[tuple[str, Path]]:
    """(role, file) of every file the scenario reads, each file once, in scenario order.

    A folder given as an input stands for every file in it.
    """
    named: list[tuple[str, Path]] = []
    if scenario.path is not None:
        named.append(("scenario", scenario.path))
    if scenario.parcels is not None:
        named.append(("parcels", scenario.parcels.path))
    named += [("zoning", source.path) for source in scenario.zoning]
    named += [("holdings", source.path) for source in scenario.holdings]
    if scenario.boundaries is not None:
        named.append(("boundaries", scenario.boundaries.path))
    named += [(f"layer {spec.name}", spec.source.path) for spec in scenario.layers if spec.source]
    concepts = scenario.sites.concepts or resource("concepts", "concepts.toml")
    named.append(("concepts", Path(concepts)))
    seen: set[Path] = set()
    files: list[tuple[str, Path]] = []
    for role, path in named:
        for file in sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append((role, resolved))
    return files


def command_line() -> str:
    """The command that is running, as a shell would take it: ``bouwstroom ARGUMENTS``."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if program in ("bouwstroom", "__main__.py"):
        return shlex.join(["bouwstroom", *sys.argv[1:]])
    return ""


def collect_provenance(
    scenario: Scenario, command: str | None = None, fingerprinted: str = AT_RUN
) -> Provenance:
    """The provenance of a run of ``scenario``, fingerprinting its input files now.

    Parameters
    ----------
    scenario : Scenario
        As run, after command-line inputs replaced the scenario's own.
    command : str, optional
        The command that ran; the current ``bouwstroom`` command line when omitted.
    fingerprinted : {"run", "export"}
        When the files were fingerprinted: at the run, or later when exporting.
    """
    inputs = []
    for role, path in scenario_inputs(scenario):
        if path.is_file():
            size, digest = fingerprint(path)
            inputs.append(InputFile(role, str(path), size, digest))
        else:
            inputs.append(InputFile(role, str(path), -1, ""))  # gone since the run
    return Provenance(
        tool_version=tool_version(),
        command=command_line() if command is None else command,
        working_dir=os.getcwd(),
        scenario_name=scenario.name,
        scenario_path=str(scenario.path.resolve()) if scenario.path else "",
        scenario_text=scenario.text,
        inputs=tuple(inputs),
        libraries=library_versions(),
        fingerprinted=fingerprinted,
    )


def check_inputs(provenance: Provenance) -> list[str]:
    """What no longer matches: one line per input file that is gone or changed; [] if none."""
    problems = []
    for item in provenance.inputs:
        path = Path(item.path)
        if not path.is_file():
            problems.append(f"{item.path}: missing")
            continue
        size, digest = fingerprint(path)
        if (size, digest) != (item.size, item.sha256):
            problems.append(f"{item.path}: changed (size {size}, was {item.size})")
    return problems


def provenance_table(provenance: Provenance) -> pd.DataFrame:
    """The record as rows ``item, name, value, size_bytes, sha256`` (machine words)."""
    rows: list[tuple[str, str, str, int | None, str | None]] = [
        ("tool", "bouwstroom-qgis", provenance.tool_version, None, None),
        ("command", "", provenance.command, None, None),
        ("working_dir", "", provenance.working_dir, None, None),
        ("fingerprinted", "", provenance.fingerprinted, None, None),
        ("scenario", provenance.scenario_name, provenance.scenario_path, None, None),
    ]
    rows += [("input", i.role, i.path, i.size, i.sha256) for i in provenance.inputs]
    rows += [("library", name, version, None, None) for name, version in provenance.libraries]
    rows.append(("scenario_text", provenance.scenario_name, provenance.scenario_text, None, None))
    table = pd.DataFrame(rows, columns=["item", "name", "value", "size_bytes", "sha256"])
    table["size_bytes"] = table["size_bytes"].astype("Int64")
    return table


def rerun_steps(provenance: Provenance, language: str = "nl") -> list[str]:
    """How to make the result again, as numbered sentences for people."""
    folder = Path(provenance.scenario_path).parent if provenance.scenario_path else Path()
    command = provenance.command or "bouwstroom run"
    if language == "nl":
        return [
            f"1. Bewaar de scenariotekst als .toml-bestand in {folder} (de paden naar de "
            "invoer zijn relatief aan die map), of gebruik het oorspronkelijke scenario.",
            "2. Controleer dat elk invoerbestand nog de hier genoemde grootte en SHA-256 heeft.",
            f"3. Voer uit: bouwstroom run SCENARIO.toml --out NIEUWE_MAP (oorspronkelijk: "
            f"{command}), met Bouwstroom QGIS {provenance.tool_version}.",
        ]
    return [
        f"1. Save the scenario text as a .toml file in {folder} (its input paths are "
        "relative to that folder), or use the original scenario file.",
        "2. Check that every input file still has the size and SHA-256 listed here.",
        f"3. Run: bouwstroom run SCENARIO.toml --out NEW_FOLDER (originally: {command}), "
        f"with Bouwstroom QGIS {provenance.tool_version}.",
    ]
