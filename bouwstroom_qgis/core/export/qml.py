"""The QGIS styles of the result layers: one source for the dock and the GeoPackage.

The QML files in ``resources/styles`` hold the symbology; names after a dollar sign
(``string.Template``) are filled in here with the legend words of a language, the rank
label expression and the bundle categories. The plugin applies the filled QML to the
layers it shows (``bouwstroom_qgis.styles``) and the export stores the same text in the
GeoPackage's ``layer_styles`` table (``gpkg_styles``), so a planner's dock and a board's
exported map look the same. Standard library only: QGIS's own Python has no pandas.

What each layer shows, and why:

- Parcels: five score classes of 20 points on the red-yellow-green ramp (the colours of
  the workbook and the report), excluded parcels grey and hatched whatever their score.
- Sites: the same five classes, drawn as a coloured ring with a dark casing rather than a
  fill, so the parcels beneath (scored live in the dock) stay visible while the site's
  own score is readable on a map without the parcels, as boards receive it.
- Rank labels: the ``top`` best ranks at every scale, so the best parcels and sites can
  be found on a map of the whole region, and every rank once zoomed in to 1:10,000 or
  closer, where the labels no longer crowd each other (two label rules). Site ranks
  carry a ``#`` so they are not mistaken for parcel ranks when both layers are shown.
- Bundles: one category per bundle (``bundle_id``), its homes in the legend
  (``B01 · 117 woningen``) and its id on the map. The bundle is what a board decides on
  and what a builder tenders for; colouring by concept would give neighbouring bundles of
  one concept the same colour and hide which sites go together, while the concept stays
  one click away in the attributes. Colours cycle through a qualitative palette in
  bundle order, so every export and the dock agree.
- Field aliases: every field its readable name from ``labels`` (with its unit), so that
  a planner opening the exported file reads "Oppervlakte (m²)" rather than ``area_m2``.
  The tables without geometry (the stream plan, the provenance) get a style with only
  their aliases. The plugin gives the layers it shows the same names itself
  (``bouwstroom_qgis.styles``); it imports only the symbology and labels of these files.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from xml.sax.saxutils import escape

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export.colors import rgb
from bouwstroom_qgis.core.export.labels import alias, text
from bouwstroom_qgis.paths import resource

STYLED_LAYERS = ("parcels", "sites", "bundles", "layouts")
ALIASED_TABLES = ("plan", "provenance")  # no map style: only their fields' aliases
TABLE_TEMPLATE = "table.qml"
TOP = 10  # ranks labelled at every scale
ZOOMED_SCALE = 10_000  # every rank labelled from this scale (1:n) closer in
SITE_RANK_PREFIX = "#"
RANK_RULE_WORDS = {
    "nl": ("de {top} beste", "alle rangen vanaf 1:{scale}"),
    "en": ("the {top} best", "every rank from 1:{scale}"),
}
HOMES_WORD = {"nl": "woningen", "en": "homes"}
LAYOUT_WORDS = {
    "nl": {"plot": "kavel", "outdoor": "parkeren en groen", "building": "gebouw"},
    "en": {"plot": "plot", "outdoor": "parking and green", "building": "building"},
}
# ColorBrewer Paired without its pale yellow (too faint for an outline): strong and light
# hues alternate in bundle order, so bundles next to each other in the list differ clearly
BUNDLE_PALETTE = (
    "#1f78b4",
    "#33a02c",
    "#e31a1c",
    "#ff7f00",
    "#6a3d9a",
    "#b15928",
    "#a6cee3",
    "#b2df8a",
    "#fb9a99",
    "#fdbf6f",
    "#cab2d6",
)
BUNDLE_FILL_ALPHA = 90  # of 255: the sites beneath stay visible
BUNDLE_OUTLINE_MM = 0.8


def language_of(language: str) -> str:
    """``nl`` for Dutch, ``en`` for any other interface language."""
    return "nl" if language == "nl" else "en"


def xml_attribute(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute."""
    return escape(value, {'"': "&quot;"})


def rank_text(prefix: str = "") -> str:
    """QGIS expression of a rank label's text: the rank after ``prefix``."""
    return f"'{prefix}' || \"{s.RANK}\""


def rank_label_values(top: int, prefix: str, language: str) -> dict[str, str]:
    """Template values of the two rank label rules: the best ``top``, and all zoomed in.

    Rule-based labels rather than one expression on ``@map_scale``: a scale range is part
    of the rule, so it holds wherever QGIS draws the layer (also where no map scale
    variable is set), and a planner sees and edits two plain rules in the layer's
    label settings. Unranked features (rank NULL) match neither rule.
    """
    scale = f"{ZOOMED_SCALE:,}".replace(",", "." if language == "nl" else ",")
    words = RANK_RULE_WORDS[language]
    return {
        "rank_text": xml_attribute(rank_text(prefix)),
        "top": str(int(top)),
        "zoomed_scale": str(ZOOMED_SCALE),
        "top_rule": xml_attribute(words[0].format(top=int(top))),
        "zoomed_rule": xml_attribute(words[1].format(scale=scale)),
    }


def bundle_label(bundle: str, homes: int | None, language: str) -> str:
    """``B01 · 117 woningen``; the id alone when the homes are unknown."""
    if homes is None:
        return bundle
    return f"{bundle} · {int(homes)} {HOMES_WORD[language_of(language)]}"


def bundle_colors(bundles: Sequence[str]) -> dict[str, str]:
    """A colour per bundle id, by sorted id, cycling through :data:`BUNDLE_PALETTE`."""
    names = sorted({str(name) for name in bundles})
    return {name: BUNDLE_PALETTE[i % len(BUNDLE_PALETTE)] for i, name in enumerate(names)}


def aliases_xml(fields: Sequence[str], language: str) -> str:
    """The ``<aliases>`` element of a layer's QML: each known field's readable name.

    Parameters
    ----------
    fields : sequence of str
        The layer's fields in the order QGIS lists them (for a GeoPackage layer its fid
        first): an alias's ``index`` is the field's position, as QGIS writes it (QGIS
        matches aliases by field name; the index is for people reading the file).
    language : {"nl", "en"}
        Any other gets English.

    Returns
    -------
    str
        The element, indented for its place in the templates; ``<aliases/>`` when no
        field has an alias.
    """
    language = language_of(language)
    rows = [
        f'    <alias index="{index}" field="{xml_attribute(field)}" '
        f'name="{xml_attribute(name)}"/>\n'
        for index, field in enumerate(fields)
        if (name := alias(field, language))
    ]
    return f"<aliases>\n{''.join(rows)}  </aliases>" if rows else "<aliases/>"


def _template(name: str) -> string.Template:
    return string.Template(resource("styles", name).read_text(encoding="utf-8"))


def bundle_categories_xml(
    bundles: Sequence[tuple[str, int | None]], language: str
) -> tuple[str, str]:
    """The ``<category>`` and ``<symbol>`` elements of the bundles style, one per bundle.

    Parameters
    ----------
    bundles : sequence of (str, int or None)
        Bundle id and its homes (None when unknown), in any order; ids repeated in the
        sequence give one category.
    language : {"nl", "en"}

    Returns
    -------
    tuple of str
        The categories and the symbols, in sorted bundle order.
    """
    homes = dict(bundles)
    symbol = _template("category_symbol.xml")
    categories, symbols = [], []
    for i, (bundle, color) in enumerate(bundle_colors(list(homes)).items()):
        label = bundle_label(bundle, homes[bundle], language)
        categories.append(
            f'      <category symbol="{i}" value="{xml_attribute(bundle)}" '
            f'label="{xml_attribute(label)}" render="true"/>\n'
        )
        symbols.append(
            symbol.substitute(
                name=i,
                fill=rgb(color, BUNDLE_FILL_ALPHA),
                outline=rgb(color),
                width=f"{BUNDLE_OUTLINE_MM:g}",
            )
        )
    return "".join(categories), "".join(symbols)


def layer_qml(
    layer: str,
    language: str,
    *,
    top: int = TOP,
    bundles: Sequence[tuple[str, int | None]] = (),
    fields: Sequence[str] = (),
) -> str:
    """The QML text of one result layer's style.

    Parameters
    ----------
    layer : {"parcels", "sites", "bundles", "layouts", "plan", "provenance"}
        A map layer (symbology, labels and aliases) or a table (aliases only).
    language : {"nl", "en"}
        Language of the legend words and aliases; any other gets English.
    top : int
        Ranks labelled at every scale (parcels and sites).
    bundles : sequence of (str, int or None)
        The bundles layer's ids and homes: one category each.
    fields : sequence of str
        The layer's fields in QGIS's order, each known one with its alias (see
        :func:`aliases_xml`); none by default (the plugin sets aliases itself).

    Returns
    -------
    str
        A QML document QGIS reads with "Load style" or from ``layer_styles``.
    """
    if layer not in STYLED_LAYERS + ALIASED_TABLES:
        styled = ", ".join(STYLED_LAYERS + ALIASED_TABLES)
        raise ValueError(f"no style for layer '{layer}'; styled: {styled}")
    language = language_of(language)
    values: dict[str, object] = {"aliases": aliases_xml(fields, language)}
    if layer in ALIASED_TABLES:
        return _template(TABLE_TEMPLATE).substitute(values)
    if layer == "parcels":
        values["excluded_label"] = xml_attribute(text("excluded_legend", language))
        values.update(rank_label_values(top, "", language))
    elif layer == "sites":
        values.update(rank_label_values(top, SITE_RANK_PREFIX, language))
    elif layer == "bundles":
        values["categories"], values["symbols"] = bundle_categories_xml(bundles, language)
    else:
        values.update({k: xml_attribute(v) for k, v in LAYOUT_WORDS[language].items()})
    return _template(f"{layer}.qml").substitute(values)
