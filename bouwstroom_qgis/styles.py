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
from bouwstroom_qgis.core.export import qml  # standard library only: safe inside QGIS

TOP = qml.TOP  # ranks labelled at every scale
CATEGORIES = QgsMapLayer.StyleCategory.Symbology | QgsMapLayer.StyleCategory.Labeling

# field -> (Dutch, English); prefixed fields below
ALIASES: dict[str, tuple[str, str]] = {
    "parcel_id": ("Kadastrale aanduiding", "Parcel id"),
    "rank": ("Rang", "Rank"),
    "score": ("Score (0–100)", "Score (0–100)"),
    "excluded": ("Uitgesloten", "Excluded"),
    "exclusion_reason": ("Reden van uitsluiting", "Reason for exclusion"),
    "explanation": ("Toelichting", "Explanation"),
    "area_m2": ("Oppervlakte (m²)", "Area (m²)"),
    "compactness": ("Compactheid (0–1)", "Compactness (0–1)"),
    "residential_share": ("Aandeel woonbestemming", "Residential share"),
    "zoning_coverage": ("Aandeel met bestemming", "Share with zoning"),
    "hoofdgroep": ("Hoofdgroep bestemming", "Zoning main group"),
    "plan_status": ("Planstatus", "Plan status"),
    "owner": ("Eigenaar", "Owner"),
    "owner_type": ("Soort eigenaar", "Owner type"),
    "owner_share": ("Aandeel in bezit", "Share owned"),
    "municipality": ("Gemeente", "Municipality"),
    "site_id": ("Locatie", "Site"),
    "parcel_ids": ("Percelen", "Parcels"),
    "n_parcels": ("Aantal percelen", "Number of parcels"),
    "owners": ("Eigenaren", "Owners"),
    "zoning_mix": ("Bestemmingen", "Zoning mix"),
    "too_small": ("Te klein", "Too small"),
    "oversize": ("Te groot", "Oversize"),
    "parcel_score": ("Gemiddelde perceelscore", "Mean parcel score"),
    "homes": ("Woningen", "Homes"),
    "best_concept": ("Beste concept", "Best concept"),
    "buildable_m2": ("Bebouwbaar (m²)", "Buildable (m²)"),
    "density": ("Woningen per hectare", "Homes per hectare"),
    "buildings": ("Gebouwen", "Buildings"),
    "footprint_m2": ("Footprint (m²)", "Footprint (m²)"),
    "gfa_m2": ("Bruto vloeroppervlak (m²)", "Gross floor area (m²)"),
    "coverage": ("Bebouwingsgraad", "Coverage"),
    "reason": ("Reden", "Reason"),
    "bundle_id": ("Bundel", "Bundle"),
    "name": ("Naam", "Name"),
    "concept": ("Concept", "Concept"),
    "n_sites": ("Aantal locaties", "Number of sites"),
    "site_ids": ("Locaties", "Sites"),
    "municipalities": ("Gemeenten", "Municipalities"),
    "start_quarter": ("Start (kwartaal)", "Start (quarter)"),
    "end_quarter": ("Laatste start (kwartaal)", "Last start (quarter)"),
    "earliest_label": ("Eerste locatie gereed", "First site ready"),
    "latest_label": ("Laatste locatie gereed", "Last site ready"),
    "spread_km": ("Spreiding (km)", "Spread (km)"),
    "weighted_homes": ("Woningen × score", "Homes × score"),
    "ready_label": ("Gereed (kwartaal)", "Ready (quarter)"),
    "bundle_reason": ("Waarom in geen bundel", "Why in no bundle"),
}
PREFIXES: dict[str, tuple[str, str]] = {
    "c_": ("Bijdrage {}", "Contribution {}"),
    "dist_": ("Afstand tot {} (m)", "Distance to {} (m)"),
    "share_": ("Aandeel in {}", "Share in {}"),
    "homes_": ("Woningen {}", "Homes {}"),
}


def alias(field: str, language: str) -> str:
    """The readable name of a result field in ``language`` (``nl`` or ``en``); "" if none."""
    which = 0 if language == "nl" else 1
    if field in ALIASES:
        return ALIASES[field][which]
    for prefix, texts in PREFIXES.items():
        if field.startswith(prefix):
            return texts[which].format(field[len(prefix) :])
    return ""


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
