"""Words people read in the exports, in Dutch (default) and English.

Column headers for every machine column name, including the per-layer, per-criterion
and per-concept families (``share_<layer>``, ``dist_<layer>``, ``c_<criterion>``,
``homes_<concept>``), and the fixed texts of the workbook, the report and the styles.
Machine names stay as they are in CSV and GeoJSON, which other programs read.
"""

from __future__ import annotations

from collections.abc import Mapping

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import columns as c

LANGUAGES = ("nl", "en")

HEADERS: dict[str, tuple[str, str]] = {
    s.PARCEL_ID: ("Perceel", "Parcel"),
    s.RANK: ("Rang", "Rank"),
    s.SCORE: ("Score", "Score"),
    s.EXCLUDED: ("Uitgesloten", "Excluded"),
    s.EXCLUSION_REASON: ("Reden uitsluiting", "Exclusion reason"),
    s.EXPLANATION: ("Toelichting", "Explanation"),
    s.AREA: ("Oppervlakte (m²)", "Area (m²)"),
    s.COMPACTNESS: ("Compactheid", "Compactness"),
    s.RESIDENTIAL_SHARE: ("Aandeel woonbestemming", "Residential share"),
    "zoning_coverage": ("Aandeel in bestemmingsplan", "Share in a zoning plan"),
    s.HOOFDGROEP: ("Hoofdgroep", "Main zoning group"),
    s.PLAN_STATUS: ("Planstatus", "Plan status"),
    s.OWNER: ("Eigenaar", "Owner"),
    s.OWNER_TYPE: ("Soort eigenaar", "Owner type"),
    s.OWNER_SHARE: ("Aandeel eigendom", "Owned share"),
    s.MUNICIPALITY: ("Gemeente", "Municipality"),
    s.SITE_ID: ("Locatie", "Site"),
    s.PARCEL_IDS: ("Percelen", "Parcels"),
    s.N_PARCELS: ("Aantal percelen", "Number of parcels"),
    s.OWNERS: ("Eigenaren", "Owners"),
    s.ZONING_MIX: ("Bestemmingen", "Zoning mix"),
    s.TOO_SMALL: ("Te klein", "Too small"),
    s.OVERSIZE: ("Groot perceel", "Oversize parcel"),
    s.PARCEL_SCORE: ("Score percelen", "Parcel score"),
    s.BUILDABLE: ("Bebouwbaar (m²)", "Buildable (m²)"),
    s.BEST_CONCEPT: ("Beste concept", "Best concept"),
    s.HOMES: ("Woningen", "Homes"),
    s.DENSITY: ("Dichtheid (woningen/ha)", "Density (homes/ha)"),
    s.BUILDINGS: ("Gebouwen", "Buildings"),
    s.FOOTPRINT: ("Bebouwd oppervlak (m²)", "Footprint (m²)"),
    s.GFA: ("BVO (m²)", "Gross floor area (m²)"),
    s.COVERAGE: ("Bebouwingsgraad", "Coverage"),
    s.REASON: ("Reden", "Reason"),
    s.CONCEPT: ("Concept", "Concept"),
    c.BUNDLE_ID: ("Bundel", "Bundle"),
    c.N_SITES: ("Aantal locaties", "Number of sites"),
    c.SITE_IDS: ("Locaties", "Sites"),
    c.MUNICIPALITIES: ("Gemeenten", "Municipalities"),
    c.START_QUARTER: ("Startkwartaal", "Start quarter"),
    c.END_QUARTER: ("Eindkwartaal", "End quarter"),
    c.SPREAD_KM: ("Spreiding (km)", "Spread (km)"),
    c.QUARTER: ("Kwartaal", "Quarter"),
    "homes_started": ("Woningen gestart", "Homes started"),
    "check": ("Som bijdragen", "Sum of contributions"),
}

# Header patterns of column families: prefix -> (nl, en) with {} for the name
FAMILIES: tuple[tuple[str, tuple[str, str]], ...] = (
    (s.CONTRIBUTION_PREFIX, ("Bijdrage {}", "Contribution {}")),
    (s.SHARE_PREFIX, ("Aandeel in {}", "Share in {}")),
    (s.DIST_PREFIX, ("Afstand tot {} (m)", "Distance to {} (m)")),
    (s.HOMES_PREFIX, ("Woningen {}", "Homes {}")),
)

TEXTS: dict[str, tuple[str, str]] = {
    # sheets
    "sheet_about": ("Toelichting", "About"),
    "sheet_sites": ("Locaties", "Sites"),
    "sheet_bundles": ("Bundels", "Bundles"),
    "sheet_plan": ("Bouwstroom", "Stream plan"),
    "sheet_parcels": ("Percelen", "Parcels"),
    "sheet_excluded": ("Uitsluitingen", "Exclusions"),
    "sheet_criteria": ("Criteria", "Criteria"),
    "sheet_provenance": ("Herkomst", "Provenance"),
    # workbook words
    "title": ("Shortlist Bouwstroom Noord", "Shortlist Bouwstroom Noord"),
    "scenario": ("Scenario", "Scenario"),
    "level": ("Niveau", "Level"),
    "concept": ("Concept", "Concept"),
    "level_parcel": ("perceel", "parcel"),
    "level_site": ("locatie", "site"),
    "criterion": ("Criterium", "Criterion"),
    "metric": ("Maat", "Metric"),
    "function": ("Waardefunctie", "Value function"),
    "direction": ("Richting", "Direction"),
    "parameters": ("Parameters", "Parameters"),
    "weight": ("Gewicht (punten)", "Weight (points)"),
    "missing": ("Bij onbekende waarde", "When unknown"),
    "enabled": ("Aan", "On"),
    "rule": ("Regel", "Rule"),
    "parcels_count": ("Percelen", "Parcels"),
    "area_ha": ("Oppervlakte (ha)", "Area (ha)"),
    "item": ("Onderdeel", "Item"),
    "name": ("Naam", "Name"),
    "value": ("Waarde", "Value"),
    "size_bytes": ("Grootte (bytes)", "Size (bytes)"),
    "sha256": ("SHA-256", "SHA-256"),
    "sheet": ("Blad", "Sheet"),
    "contents": ("Inhoud", "Contents"),
    "about_sites": (
        "alle locaties, op rang; de score is de som van de bijdragen (kolom Som bijdragen "
        "rekent die na)",
        "every site by rank; the score is the sum of its contributions (the column Sum of "
        "contributions recomputes it)",
    ),
    "about_bundles": ("bundels voor de bouwstroom", "bundles for the build stream"),
    "about_plan": (
        "woningen gestart per kwartaal, concept en bundel",
        "homes started per quarter, concept and bundle",
    ),
    "about_parcels": (
        "de niet-uitgesloten percelen op rang; de score is de som van de bijdragen",
        "the parcels not excluded, by rank; the score is the sum of its contributions",
    ),
    "about_parcels_cut": (
        "de beste {shown} van {ranked} niet-uitgesloten percelen op rang (een werkblad "
        "blijft zo hanteerbaar); alle {total} percelen staan in shortlist.gpkg en "
        "shortlist.csv",
        "the best {shown} of {ranked} parcels not excluded, by rank (so that the sheet "
        "stays workable); all {total} parcels are in shortlist.gpkg and shortlist.csv",
    ),
    "about_excluded": (
        "de uitsluitingsregels met het aantal percelen dat ze uitsluiten",
        "the exclusion rules with the number of parcels each excludes",
    ),
    "about_criteria": (
        "de criteria en gewichten van percelen en locaties",
        "the criteria and weights of parcels and sites",
    ),
    "about_provenance": (
        "scenario, versies en vingerafdrukken van de invoer: genoeg om de uitkomst "
        "opnieuw te maken",
        "scenario, versions and input fingerprints: enough to make the result again",
    ),
    "no_rule": ("(onbekende waarde bij een criterium)", "(unknown value of a criterion)"),
    # report words
    "report_title": ("Shortlist locaties", "Site shortlist"),
    "overview": ("Overzicht", "Overview"),
    "sites_ranked": ("gerangschikte locaties", "ranked sites"),
    "homes_total": ("woningen (beste concept)", "homes (best concept)"),
    "bundles_count": ("bundels", "bundles"),
    "per_municipality": ("Per gemeente", "Per municipality"),
    "per_corporation": ("Per corporatie", "Per housing corporation"),
    "sites": ("Locaties", "Sites"),
    "best_rank": ("Beste rang", "Best rank"),
    "col_ranked": ("Met rang", "Ranked"),
    "col_homes": ("Woningen", "Homes"),
    "in_bundles": ("In bundels", "In bundles"),
    "stream": ("Bouwstroom", "Build stream"),
    "homes_started": ("Woningen gestart", "Homes started"),
    "score_breakdown": ("Opbouw van de score", "Score breakdown"),
    "parcel_criteria": ("Criteria van de percelen (gemiddeld)", "Parcel criteria (mean)"),
    "capacity": ("Capaciteit per concept", "Capacity per concept"),
    "ownership": ("Eigendom", "Ownership"),
    "key_figures": ("Kerngegevens", "Key figures"),
    "bundle": ("Bundel", "Bundle"),
    "start": ("Start", "Start"),
    "no_bundle": ("niet in een bundel", "not in a bundle"),
    "rank_of": ("rang {rank} van {n}", "rank {rank} of {n}"),
    "page": ("pagina", "page"),
    "site_map": ("Kaart", "Map"),
    "legend_site": ("locatie", "site"),
    "legend_parcels": ("percelen", "parcels"),
    "legend_members": ("percelen van de locatie", "parcels of the site"),
    "legend_buildings": ("gebouwen (verkaveling)", "buildings (layout)"),
    "legend_bouwvlak": ("bouwvlak", "building plane"),
    "no_sites": (
        "Deze uitkomst heeft geen gerangschikte locaties.",
        "This result has no ranked sites.",
    ),
    "more_rows": ("… en nog {n}", "… and {n} more"),
    "generated_by": (
        "Gemaakt met Bouwstroom QGIS {version}",
        "Made with Bouwstroom QGIS {version}",
    ),
    "excluded_legend": ("uitgesloten", "excluded"),
    "unranked": ("zonder rang", "unranked"),
    "none": ("geen", "none"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
}


def check_language(language: str) -> str:
    """``language`` when the exports speak it; a ValueError naming the choices otherwise."""
    if language not in LANGUAGES:
        raise ValueError(f"language '{language}' is not one of {', '.join(LANGUAGES)}")
    return language


def text(key: str, language: str, **values: object) -> str:
    """The fixed text ``key`` in ``language``, with ``{name}`` fields filled in."""
    words = TEXTS[key][LANGUAGES.index(language)]
    return words.format(**values) if values else words


_DUTCH_NUMBER = str.maketrans(",.", ".,")


def number(value: float, language: str, digits: int = 0) -> str:
    """A number as people read it: ``1.765,5`` in Dutch, ``1,765.5`` in English.

    Examples
    --------
    >>> number(12345.678, "nl", 1), number(12345.678, "en", 1)
    ('12.345,7', '12,345.7')
    """
    shown = f"{float(value):,.{digits}f}"
    if LANGUAGES.index(language) == 0:  # Dutch: points group thousands, a comma for decimals
        shown = shown.translate(_DUTCH_NUMBER)
    return shown


def header(column: str, language: str, names: Mapping[str, str] | None = None) -> str:
    """The header people read for a machine column name.

    Parameters
    ----------
    column : str
        Machine name, e.g. ``"area_m2"``, ``"c_station"`` or ``"homes_rijwoning"``.
    language : {"nl", "en"}
    names : mapping, optional
        Readable names for the part after a family prefix (e.g. concept labels).

    Returns
    -------
    str
        The translated header; an unknown column keeps its machine name.
    """
    index = LANGUAGES.index(language)
    if column in HEADERS:
        return HEADERS[column][index]
    for prefix, patterns in FAMILIES:
        if column.startswith(prefix) and len(column) > len(prefix):
            part = column[len(prefix) :]
            return patterns[index].format((names or {}).get(part, part.replace("_", " ")))
    return column
