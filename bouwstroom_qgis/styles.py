"""Styles of the result layers, built in code: score ramp, hatched exclusions, rank labels.

Parcels: five score classes on a red–yellow–green ramp; excluded parcels grey and
hatched whatever their score; the best ``top`` ranks labelled. Sites: a dark outline
and their rank. Bundles: one colour per bundle, its homes in the legend. Every field
gets a readable alias in the interface language, and the layer metadata holds the
scenario text and where the inputs came from.
"""

from __future__ import annotations

from collections.abc import Sequence

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsLayerMetadata,
    QgsLinePatternFillSymbolLayer,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsStyle,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor

TOP = 10  # ranks labelled on the map
SCORE_CLASSES = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 100))
EXCLUDED_GREY = "#9e9e9e"
EXCLUDED_FILL = "#e0e0e0"
SITE_OUTLINE = "#3b1f6b"
RAMP = "RdYlGn"

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
HOMES_WORD = {"nl": "woningen", "en": "homes"}
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


def score_colors() -> list[QColor]:
    """One colour per score class from the red–yellow–green ramp (red = low score)."""
    ramp = QgsStyle.defaultStyle().colorRamp(RAMP)
    steps = len(SCORE_CLASSES)
    if ramp is None:  # a profile without the default style: a fixed red to green
        return [QColor.fromHsv(int(120 * i / (steps - 1)), 200, 210) for i in range(steps)]
    return [ramp.color(i / (steps - 1)) for i in range(steps)]


def excluded_symbol() -> QgsFillSymbol:
    """Grey with diagonal hatching: visibly out, whatever the score."""
    symbol = QgsFillSymbol.createSimple(
        {"color": EXCLUDED_FILL, "outline_color": EXCLUDED_GREY, "outline_width": "0.1"}
    )
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.2)
    hatch.setColor(QColor(EXCLUDED_GREY))
    symbol.appendSymbolLayer(hatch)
    return symbol


def parcels_renderer() -> QgsRuleBasedRenderer:
    """Excluded parcels first (hatched), then the score classes of the others."""
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(excluded_symbol(), 0, 0, '"excluded"', "excluded"))
    for (low, high), color in zip(SCORE_CLASSES, score_colors()):  # noqa: B905
        symbol = QgsFillSymbol.createSimple(
            {"color": color.name(), "outline_color": "#5f5f5f", "outline_width": "0.1"}
        )
        upper = "<=" if high == 100 else "<"
        expression = f'NOT "excluded" AND "score" >= {low} AND "score" {upper} {high}'
        root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, expression, f"{low}–{high}"))
    return QgsRuleBasedRenderer(root)


def rank_labels(top: int, prefix: str = "") -> QgsVectorLayerSimpleLabeling:
    """Labels with the rank of the ``top`` best features, white-buffered for legibility."""
    settings = QgsPalLayerSettings()
    settings.isExpression = True
    settings.fieldName = f'CASE WHEN "rank" <= {int(top)} THEN \'{prefix}\' || "rank" END'
    text = QgsTextFormat()
    text.setSize(9)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(1.0)
    text.setBuffer(buffer)
    settings.setFormat(text)
    return QgsVectorLayerSimpleLabeling(settings)


def style_parcels(layer: QgsVectorLayer, language: str, top: int = TOP) -> None:
    """Score ramp, hatched exclusions, the best ranks labelled, readable aliases."""
    layer.setRenderer(parcels_renderer())
    layer.setLabeling(rank_labels(top))
    layer.setLabelsEnabled(True)
    set_aliases(layer, language)
    layer.triggerRepaint()


def style_sites(layer: QgsVectorLayer, language: str, top: int = TOP) -> None:
    """A dark outline around each site, its rank labelled for the best ``top``."""
    symbol = QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": SITE_OUTLINE, "outline_width": "0.6"}
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.setLabeling(rank_labels(top, "#"))
    layer.setLabelsEnabled(True)
    set_aliases(layer, language)
    layer.triggerRepaint()


def bundle_homes(layer: QgsVectorLayer, field: str) -> dict[object, object]:
    """Homes per bundle id (one feature per bundle); empty when the layer has no homes."""
    if layer.fields().indexOf("homes") < 0:
        return {}
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes([field, "homes"], layer.fields())
    return {f[field]: f["homes"] for f in layer.getFeatures(request)}


def bundle_label(bundle: object, homes: object, language: str) -> str:
    """``B01 · 117 woningen``; the id alone when the homes are unknown."""
    if not isinstance(homes, int):  # a NULL comes as a QVariant
        return str(bundle)
    return f"{bundle} · {homes} {HOMES_WORD.get(language, HOMES_WORD['en'])}"


def style_bundles(layer: QgsVectorLayer, field: str = "bundle_id", language: str = "en") -> int:
    """One colour per bundle, labelled with its homes; returns the number of categories."""
    index = layer.fields().indexOf(field)
    if index < 0:
        return 0
    values = sorted(v for v in layer.uniqueValues(index) if v is not None)
    homes = bundle_homes(layer, field)
    ramp = QgsStyle.defaultStyle().colorRamp("Spectral")
    categories = []
    for i, value in enumerate(values):
        color = (
            ramp.color(i / max(len(values) - 1, 1))
            if ramp
            else QColor.fromHsv((i * 47) % 360, 180, 220)
        )
        symbol = QgsFillSymbol.createSimple({"color": color.name(), "outline_color": "#333333"})
        label = bundle_label(value, homes.get(value), language)
        categories.append(QgsRendererCategory(value, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer(field, categories))
    layer.triggerRepaint()
    return len(categories)


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
