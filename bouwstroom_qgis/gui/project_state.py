"""The dock's state in the QGIS project, so that it survives closing and reopening.

Stored under the scope ``bouwstroom``: the scenario's text (with the weights and
switches the planner chose) and its file, and the output folder of the last run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from qgis.core import QgsProject

SCOPE = "bouwstroom"


@dataclass
class DockState:
    """What the dock keeps in a project."""

    scenario_text: str = ""
    scenario_path: str = ""
    out_dir: str = ""
    points: dict[str, float] = field(default_factory=dict)
    enabled: list[str] = field(default_factory=list)


def write_state(project: QgsProject, state: DockState) -> None:
    """Store the state in the project (marks it changed)."""
    project.writeEntry(SCOPE, "scenario/text", state.scenario_text)
    project.writeEntry(SCOPE, "scenario/path", state.scenario_path)
    project.writeEntry(SCOPE, "run/out_dir", state.out_dir)
    project.writeEntry(SCOPE, "weights/points", json.dumps(state.points, sort_keys=True))
    project.writeEntry(SCOPE, "weights/enabled", json.dumps(state.enabled))


def read_state(project: QgsProject) -> DockState:
    """The state stored in the project; empty when the project has none."""

    def text(key: str) -> str:
        value, ok = project.readEntry(SCOPE, key, "")
        return str(value) if ok else ""

    def parsed(key: str, default):
        try:
            return json.loads(text(key) or "null") or default
        except ValueError:
            return default

    return DockState(
        scenario_text=text("scenario/text"),
        scenario_path=text("scenario/path"),
        out_dir=text("run/out_dir"),
        points={str(k): float(v) for k, v in parsed("weights/points", {}).items()},
        enabled=[str(n) for n in parsed("weights/enabled", [])],
    )
