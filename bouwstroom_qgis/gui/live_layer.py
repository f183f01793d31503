"""The scored parcels as a live layer: metrics read once in bulk, scores written in bulk.

After a run the engine's ``parcels`` layer is copied into a memory layer (so the
engine's own files stay as it wrote them), and its metric columns are read into numpy
in one go: through GDAL's Arrow interface (GDAL >= 3.6) or SQLite otherwise. A weight
change then scores those arrays (``live_scoring``) and writes score, rank, exclusion,
contributions and explanation of every feature with one ``changeAttributeValues`` call.

Ties in score are ranked by parcel id, as the engine ranks them; scores, ranks,
contributions, exclusions and explanations equal the engine's exactly.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayer

from bouwstroom_qgis.live_explain import explain_rows
from bouwstroom_qgis.live_rules import Rules
from bouwstroom_qgis.live_scoring import LiveScores, score_rows, tie_order

log = logging.getLogger(__name__)

PARCELS = "parcels"
SITES = "sites"
ROLE = "bouwstroom/role"  # custom property marking the dock's layers in a project
SCORE, RANK, EXCLUDED, REASON, EXPLANATION = (
    "score",
    "rank",
    "excluded",
    "exclusion_reason",
    "explanation",
)


def read_columns(path: Path, layer: str, names: Sequence[str]) -> dict[str, np.ndarray]:
    """Columns of a GeoPackage table in feature id order: floats with NaN, str or None.

    ``fid`` is always included. Uses GDAL's Arrow stream where it exists (one C loop),
    else one SQLite query.
    """
    try:
        return _read_arrow(path, layer, names)
    except (ImportError, AttributeError, RuntimeError) as error:
        log.debug("Arrow read unavailable (%s); reading with SQLite", error)
    return read_sqlite(path, layer, names)


def _read_arrow(path: Path, layer: str, names: Sequence[str]) -> dict[str, np.ndarray]:
    from osgeo import gdal, ogr

    gdal.PushErrorHandler("CPLQuietErrorHandler")  # GDAL 3.6 warns about newer GeoPackages
    try:
        source = ogr.Open(str(path))
        if source is None:
            raise RuntimeError(f"{path} could not be opened")
        table = source.GetLayerByName(layer)
        keep = set(names)
        ignored = [f.GetName() for f in table.schema if f.GetName() not in keep]
        table.SetIgnoredFields([*ignored, "OGR_GEOMETRY"])
        batches = list(
            table.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES", "USE_MASKED_ARRAYS=YES"])
        )
    finally:
        gdal.PopErrorHandler()
    columns = {}
    for name in ["fid", *names]:
        key = "OGC_FID" if name == "fid" and batches and "fid" not in batches[0] else name
        parts = [_plain(batch[key]) for batch in batches] if batches else [np.array([])]
        columns[name] = np.concatenate(parts)
    order = np.argsort(columns["fid"], kind="stable")
    return {name: values[order] for name, values in columns.items()}


def _plain(values: np.ndarray) -> np.ndarray:
    """A (masked) Arrow column as float with NaN, or as an object array of str/None."""
    mask = np.ma.getmaskarray(values)
    data = np.ma.getdata(values)
    if data.dtype.kind in "SO":
        texts = np.array(
            [v.decode("utf-8") if isinstance(v, bytes) else v for v in data.tolist()],
            dtype=object,
        )
        texts[mask] = None
        return texts
    if data.dtype.kind == "b":
        return data.astype(bool)
    floats = data.astype("float64")
    floats[mask] = np.nan
    return floats


def read_sqlite(path: Path, layer: str, names: Sequence[str]) -> dict[str, np.ndarray]:
    """The same columns through one SQLite query (GDAL before 3.6)."""
    quoted = ", ".join(f'"{n}"' for n in ["fid", *names])
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        rows = connection.execute(f'SELECT {quoted} FROM "{layer}" ORDER BY fid').fetchall()
    columns: dict[str, np.ndarray] = {}
    for name, values in zip(["fid", *names], zip(*rows) if rows else [()] * (len(names) + 1)):  # noqa: B905
        kinds = {type(v) for v in values if v is not None}
        if kinds and kinds <= {int, float}:
            columns[name] = np.array([np.nan if v is None else v for v in values], dtype=float)
        else:
            columns[name] = np.array(values, dtype=object)
    return columns


class LiveParcels:
    """The live layer of one result and the metric columns it is scored from."""

    def __init__(self, path: Path, rules: Rules, name: str) -> None:
        source = QgsVectorLayer(f"{path}|layername={PARCELS}", name, "ogr")
        if not source.isValid():
            raise ValueError(f"{path}: layer '{PARCELS}' could not be opened")
        self.path = path
        self.layer = source.materialize(QgsFeatureRequest())
        self.layer.setName(name)
        self.layer.setCustomProperty(ROLE, PARCELS)
        present = set(source.fields().names())
        metrics = [m for m in rules.metrics() if m in present]
        self.columns = read_columns(path, PARCELS, [*metrics, "parcel_id"])
        # materialize copies in feature id order, numbering the copies from 1
        self.ids = np.array(sorted(self.layer.allFeatureIds()), dtype=np.int64)
        if len(self.ids) != len(self.columns["fid"]):
            raise ValueError(
                f"{path}: {len(self.ids)} features copied, {len(self.columns['fid'])} read"
            )
        self.order = tie_order(self.columns["parcel_id"])
        self.scores: LiveScores | None = None
        self.explanation: np.ndarray | None = None
        self.rules = rules

    def rerank(self, rules: Rules, details: bool = True) -> LiveScores:
        """Score with ``rules`` and write every feature's score fields in bulk.

        Score and rank (and exclusion, when it changed) are written at once: they are
        what the map shows. With ``details`` the contributions and explanations follow;
        the dock defers them while a slider is still moving, as they cost most.
        """
        scores = score_rows(self.columns, rules, self.order)
        previous = self.scores
        exclusion_changed = previous is None or not (
            np.array_equal(previous.excluded, scores.excluded)
            and previous.exclusion_reason().tolist() == scores.exclusion_reason().tolist()
        )
        values: dict[str, list] = {
            SCORE: scores.score.tolist(),
            RANK: [int(r) if r > 0 else None for r in scores.rank.tolist()],
        }
        if exclusion_changed:
            values[EXCLUDED] = scores.excluded.tolist()
            values[REASON] = scores.exclusion_reason().tolist()
        self.rules, self.scores, self.explanation = rules, scores, None
        self.write(values)
        if details:
            self.write_details()
        return scores

    def write_details(self) -> None:
        """Contributions and explanations of the current scores (skipped when written)."""
        if self.scores is None or self.explanation is not None:
            return
        self.explanation = explain_rows(self.columns, self.rules, self.scores)
        values = {EXPLANATION: self.explanation.tolist()}
        for criterion in self.rules.criteria:
            values["c_" + criterion.name] = self.scores.contributions[criterion.name].tolist()
        self.write(values)

    def write(self, values: dict[str, list]) -> None:
        """One bulk attribute change for all features; fields the layer lacks are skipped."""
        fields = self.layer.fields()
        chosen = {fields.indexOf(k): v for k, v in values.items() if fields.indexOf(k) >= 0}
        indexes, columns = list(chosen), list(chosen.values())
        changes = {
            fid: dict(zip(indexes, row))  # noqa: B905
            for fid, row in zip(self.ids.tolist(), zip(*columns))  # noqa: B905
        }
        if not self.layer.dataProvider().changeAttributeValues(changes):
            raise ValueError("the live scores could not be written to the layer")
        self.layer.triggerRepaint()

    def explanation_of(self, row: int) -> str:
        """The explanation line of one row for the current scores (computed if not written)."""
        if self.explanation is not None:
            return str(self.explanation[row])
        scores = self.scores
        one = LiveScores(
            score=scores.score[row : row + 1],
            rank=scores.rank[row : row + 1],
            contributions={k: v[row : row + 1] for k, v in scores.contributions.items()},
            excluded=scores.excluded[row : row + 1],
            reason_codes=scores.reason_codes[row : row + 1],
            reason_texts=scores.reason_texts,
        )
        columns = {name: values[row : row + 1] for name, values in self.columns.items()}
        return str(explain_rows(columns, self.rules, one)[0])

    def row_of(self, feature_id: int) -> int:
        """The position of a feature of the live layer in the arrays."""
        return int(np.searchsorted(self.ids, feature_id))


def remove_layers(project: QgsProject) -> None:
    """Remove the layers a run put in the project (marked with ``ROLE``) and their empty group."""
    ids = [layer.id() for layer in project.mapLayers().values() if layer.customProperty(ROLE)]
    root = project.layerTreeRoot()
    for layer_id in ids:
        node = root.findLayer(layer_id)
        parent = node.parent() if node is not None else None
        project.removeMapLayer(layer_id)
        if parent is not None and parent is not root and not parent.children():
            parent.parent().removeChildNode(parent)
