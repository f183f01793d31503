"""Words people read in the exports and in QGIS, in Dutch (default) and English.

One table of readable names for every machine column name of the result's layers and
tables (parcels, sites, bundles, layouts, the stream plan, the provenance), including
the families per layer, criterion, concept and profile (``share_<layer>``,
``dist_<layer>``, ``c_<criterion>``, ``homes_<concept>``, ``score_<profile>``,
``rank_<profile>``): the workbook's headers, the report's labels, the field aliases in
the exported GeoPackage's styles and those the plugin gives the layers it shows. Units
are part of the name. Then the fixed texts of the workbook, the report and the styles.
Machine names stay as they are in CSV and GeoJSON, which other programs read.

Standard library only: the plugin reads this table inside QGIS, whose Python has no
pandas.
"""

from __future__ import annotations

from collections.abc import Mapping

from bouwstroom_qgis.core import schema as s

LANGUAGES = ("nl", "en")
PROVENANCE_COLUMNS = ("item", "name", "value", "size_bytes", "sha256")

HEADERS: dict[str, tuple[str, str]] = {
    # parcels: the id and the BRK fields a parcel layer may keep
    s.PARCEL_ID: ("Perceel", "Parcel"),
    s.AKR_CODE: ("Kadastrale gemeente (AKR)", "Cadastral municipality (AKR)"),
    s.SECTIE: ("Sectie", "Section"),
    s.PERCEELNUMMER: ("Perceelnummer", "Parcel number"),
    s.KADASTRALE_GROOTTE: ("Kadastrale grootte (m²)", "Registered area (m²)"),
    # scores of parcels and sites
    s.RANK: ("Rang", "Rank"),
    s.SCORE: ("Score (0–100)", "Score (0–100)"),
    s.EXCLUDED: ("Uitgesloten", "Excluded"),
    s.EXCLUSION_REASON: ("Reden van uitsluiting", "Reason for exclusion"),
    s.EXPLANATION: ("Toelichting", "Explanation"),
    "check": ("Som bijdragen", "Sum of contributions"),  # the workbook's formula column
    # metrics
    s.AREA: ("Oppervlakte (m²)", "Area (m²)"),
    s.COMPACTNESS: ("Compactheid (0–1)", "Compactness (0–1)"),
    s.RESIDENTIAL_SHARE: ("Aandeel woonbestemming", "Residential share"),
    "zoning_coverage": ("Aandeel in bestemmingsplan", "Share in a zoning plan"),
    s.HOOFDGROEP: ("Hoofdgroep bestemming", "Main zoning group"),
    s.PLAN_STATUS: ("Planstatus", "Plan status"),
    s.OWNER: ("Eigenaar", "Owner"),
    s.OWNER_TYPE: ("Soort eigenaar", "Owner type"),
    s.OWNER_SHARE: ("Aandeel in eigendom", "Share owned"),
    s.MUNICIPALITY: ("Gemeente", "Municipality"),
    # sites
    s.SITE_ID: ("Locatie", "Site"),
    s.PARCEL_IDS: ("Percelen", "Parcels"),
    s.N_PARCELS: ("Aantal percelen", "Number of parcels"),
    s.OWNERS: ("Eigenaren", "Owners"),
    s.ZONING_MIX: ("Bestemmingen", "Zoning mix"),
    s.TOO_SMALL: ("Te klein", "Too small"),
    s.OVERSIZE: ("Te groot perceel", "Oversize parcel"),
    s.PARCEL_SCORE: ("Gemiddelde perceelscore (0–100)", "Mean parcel score (0–100)"),
    # capacity and plot layouts
    s.CONCEPT: ("Concept", "Concept"),
    s.HOMES: ("Woningen", "Homes"),
    s.BEST_CONCEPT: ("Beste concept", "Best concept"),
    s.BUILDABLE: ("Bebouwbaar oppervlak (m²)", "Buildable area (m²)"),
    s.DENSITY: ("Dichtheid (woningen/ha)", "Density (homes/ha)"),
    s.BUILDINGS: ("Aantal gebouwen", "Number of buildings"),
    s.FOOTPRINT: ("Bebouwd oppervlak (m²)", "Footprint (m²)"),
    s.GFA: ("Bruto vloeroppervlak (m²)", "Gross floor area (m²)"),
    s.COVERAGE: ("Bebouwingsgraad", "Coverage"),
    s.REASON: ("Waarom geen woningen", "Why no homes fit"),
    s.ELEMENT: ("Onderdeel", "Part"),
    # bundles and the sites' place in them
    s.BUNDLE_ID: ("Bundel", "Bundle"),
    s.BUNDLE_NAME: ("Naam", "Name"),
    s.N_SITES: ("Aantal locaties", "Number of sites"),
    s.SITE_IDS: ("Locaties", "Sites"),
    s.MUNICIPALITIES: ("Gemeenten", "Municipalities"),
    s.START_QUARTER: ("Start bouw (kwartaal)", "Construction start (quarter)"),
    s.END_QUARTER: ("Laatste start bouw (kwartaal)", "Last construction start (quarter)"),
    s.EARLIEST_LABEL: ("Eerste locatie gereed (kwartaal)", "First site ready (quarter)"),
    s.LATEST_LABEL: ("Laatste locatie gereed (kwartaal)", "Last site ready (quarter)"),
    s.EARLIEST_QUARTER: (
        "Eerste locatie gereed (kwartalen na start)",
        "First site ready (quarters after the start)",
    ),
    s.LATEST_QUARTER: (
        "Laatste locatie gereed (kwartalen na start)",
        "Last site ready (quarters after the start)",
    ),
    s.SPREAD_KM: ("Spreiding (km)", "Spread (km)"),
    s.WEIGHTED_HOMES: ("Woningen × score", "Homes × score"),
    s.READY_LABEL: ("Gereed voor start (kwartaal)", "Ready to start (quarter)"),
    s.READY_QUARTER: (
        "Gereed voor start (kwartalen na start)",
        "Ready to start (quarters after the start)",
    ),
    s.BUNDLE_REASON: ("Waarom in geen bundel", "Why in no bundle"),
    # the stream plan
    s.QUARTER: ("Kwartalen na start", "Quarters after the start"),
    s.QUARTER_LABEL: ("Kwartaal", "Quarter"),
    "homes_started": ("Woningen gestart", "Homes started"),
    s.START_LABEL: ("Start bouw (kwartaal)", "Construction start (quarter)"),
    s.END_LABEL: ("Laatste start bouw (kwartaal)", "Last construction start (quarter)"),
    s.RATE: ("Tempo (woningen per kwartaal)", "Rate (homes per quarter)"),
    s.IDLE_BEFORE: ("Stilstand ervoor (kwartalen)", "Idle before (quarters)"),
    # robustness of the ranking and the stakeholder profiles
    s.P_TOP_K: ("Kans in de top (0–1)", "Chance in the top (0–1)"),
    s.RANK_P05: ("Rang 5e percentiel", "Rank 5th percentile"),
    s.RANK_P50: ("Rang mediaan", "Rank median"),
    s.RANK_P95: ("Rang 95e percentiel", "Rank 95th percentile"),
    s.CONSENSUS: ("Consensus (top van elk profiel)", "Consensus (top of every profile)"),
    s.CONSENSUS_RANK: ("Slechtste rang over de profielen", "Worst rank over the profiles"),
    # the provenance table ("name" as the bundle's above)
    "item": ("Onderdeel", "Item"),
    "value": ("Waarde", "Value"),
    "size_bytes": ("Grootte (bytes)", "Size (bytes)"),
    "sha256": ("SHA-256", "SHA-256"),
}

# Header patterns of column families: prefix -> (nl, en) with {} for the name. A name in
# HEADERS wins over a family (``rank_p05`` is no profile, ``homes_started`` no concept).
FAMILIES: tuple[tuple[str, tuple[str, str]], ...] = (
    (s.CONTRIBUTION_PREFIX, ("Bijdrage {} (punten)", "Contribution {} (points)")),
    (s.SHARE_PREFIX, ("Aandeel in {}", "Share in {}")),
    (s.DIST_PREFIX, ("Afstand tot {} (m)", "Distance to {} (m)")),
    (s.HOMES_PREFIX, ("Woningen {}", "Homes {}")),
    (s.PROFILE_SCORE_PREFIX, ("Score in profiel {} (0–100)", "Score in profile {} (0–100)")),
    (s.PROFILE_RANK_PREFIX, ("Rang in profiel {}", "Rank in profile {}")),
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
# The provenance sheet's headers and the report's homes started are the columns' headers
TEXTS.update({key: HEADERS[key] for key in (*PROVENANCE_COLUMNS, "homes_started")})


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


def alias(column: str, language: str, names: Mapping[str, str] | None = None) -> str:
    """The readable name of a machine column name; "" when the table has none.

    Parameters
    ----------
    column : str
        Machine name, e.g. ``"area_m2"``, ``"c_station"`` or ``"homes_rijwoning"``.
    language : {"nl", "en"}
    names : mapping, optional
        Readable names for the part after a family prefix (e.g. concept labels); else
        the part with spaces for underscores.

    Returns
    -------
    str
        The name in ``language``, with its unit; "" for a column this table does not know.

    Examples
    --------
    >>> alias("dist_station", "nl"), alias("homes_x", "en", {"x": "Row house"}), alias("x", "en")
    ('Afstand tot station (m)', 'Homes Row house', '')
    """
    index = LANGUAGES.index(language)
    if column in HEADERS:
        return HEADERS[column][index]
    for prefix, patterns in FAMILIES:
        if column.startswith(prefix) and len(column) > len(prefix):
            part = column[len(prefix) :]
            return patterns[index].format((names or {}).get(part, part.replace("_", " ")))
    return ""


def header(column: str, language: str, names: Mapping[str, str] | None = None) -> str:
    """The header people read for a machine column name; its machine name when unknown.

    See :func:`alias` for the parameters.
    """
    return alias(column, language, names) or column
