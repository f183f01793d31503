"""Styles of the result layers in QGIS: the shipped QML, aliases and metadata.

The symbology comes from the QML templates in ``resources/styles``, filled in by
``core.export.qml`` (legend words, rank labels, one category per bundle) — the same
text the export stores in the GeoPackage, so the dock and the exported file show the
same map (the choices are explained there). This module adds what depends on the live
layer: the bundles and their homes read from it, every field's readable alias in the
interface language, and the layer metadata with the scenario text and where the inputs
came from.
"""

from __future__ import annotations

from collections.abc import Sequence

from qgis.core import (
    QgsFeatureRequest,
    QgsLayerMetadata,
    QgsMapLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtXml import QDomDocument

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.export import labels, qml  # standard library only: safe in QGIS

TOP = qml.TOP  # ranks labelled at every scale
# Only symbology and labels from the QML: the aliases are set from the live layer's fields
# (set_aliases), and importing fields would replace a planner's own field settings.
CATEGORIES = QgsMapLayer.StyleCategory.Symbology | QgsMapLayer.StyleCategory.Labeling


def alias(field: str, language: str) -> str:
    """The readable name of a result field in ``language`` (``nl``, else English); "" if none.

    The names are those of the exports (``core.export.labels``), so the dock, the
    Processing results, the exported GeoPackage and the workbook agree.
    """
    return labels.alias(field, qml.language_of(language))


def set_aliases(layer: QgsVectorLayer, language: str) -> int:
    """Give every known field its alias; returns how many fields got one."""
    count = 0
    for index, field in enumerate(layer.fields()):
        text = alias(field.name(), language)
        if text:
            layer.setFieldAlias(index, text)
            count += 1
    return count


def apply_qml(layer: QgsVectorLayer, text: str) -> None:
    """Give ``layer`` the symbology and labels of a QML document; a ValueError if QGIS cannot."""
    document = QDomDocument()
    parsed = document.setContent(text)
    if not (parsed[0] if isinstance(parsed, tuple) else parsed):
        raise ValueError(f"the style of layer '{layer.name()}' is not valid QML")
    ok, error = layer.importNamedStyle(document, CATEGORIES)
    if not ok:
        raise ValueError(f"QGIS cannot apply the style to layer '{layer.name()}': {error}")
    layer.triggerRepaint()


def style_parcels(layer: QgsVectorLayer, language: str, top: int = TOP) -> None:
    """Score ramp, hatched exclusions, the best ranks labelled, readable aliases."""
    apply_qml(layer, qml.layer_qml("parcels", language, top=top))
    set_aliases(layer, language)


def style_sites(layer: QgsVectorLayer, language: str, top: int = TOP) -> None:
    """Score rings, the best ranks labelled ``#1``, ``#2``…, readable aliases."""
    apply_qml(layer, qml.layer_qml("sites", language, top=top))
    set_aliases(layer, language)


def style_layouts(layer: QgsVectorLayer, language: str) -> None:
    """Plots, parking and green, and buildings of the plot layouts apart, readable aliases."""
    apply_qml(layer, qml.layer_qml("layouts", language))
    set_aliases(layer, language)


def bundle_homes(layer: QgsVectorLayer) -> list[tuple[str, int | None]]:
    """Bundle id and homes (None when unknown) of each feature with an id."""
    fields = layer.fields()
    wanted = [name for name in (schema.BUNDLE_ID, schema.HOMES) if fields.indexOf(name) >= 0]
    if schema.BUNDLE_ID not in wanted:
        return []
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes(wanted, fields)
    rows = []
    for feature in layer.getFeatures(request):
        bundle = feature[schema.BUNDLE_ID]
        if not isinstance(bundle, str):  # a NULL comes as a QVariant
            continue
        homes = feature[schema.HOMES] if schema.HOMES in wanted else None
        known = isinstance(homes, (int, float)) and homes == homes  # neither NULL nor NaN
        rows.append((bundle, int(homes) if known else None))
    return rows


def style_bundles(layer: QgsVectorLayer, language: str = "en") -> int:
    """One colour per bundle, its homes in the legend; returns the number of categories."""
    bundles = bundle_homes(layer)
    if not bundles:
        return 0
    apply_qml(layer, qml.layer_qml("bundles", language, bundles=bundles))
    return len({bundle for bundle, _ in bundles})


def set_metadata(
    layer: QgsVectorLayer, title: str, scenario_text: str, provenance: Sequence[str]
) -> None:
    """Title, the scenario in full as the abstract, and the inputs as the layer's history."""
    metadata = QgsLayerMetadata(layer.metadata())
    metadata.setTitle(title)
    metadata.setAbstract(scenario_text)
    metadata.setHistory(list(provenance))
    metadata.setKeywords(
        {"bouwstroom": ["Bouwstroom Noord", "woningbouwlocaties", "housing sites"]}
    )
    layer.setMetadata(metadata)
