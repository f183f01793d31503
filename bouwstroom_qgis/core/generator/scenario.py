"""The scenario and the LEESMIJ that come with a generated region.

The scenario follows the layout of the shipped default scenario
(``resources/scenarios/bouwstroom_noord.toml``) and points at the generated files
with paths relative to itself, so ``bouwstroom run DIR/scenario.toml`` works as is.
"""

from __future__ import annotations

from collections.abc import Mapping

from bouwstroom_qgis.core.generator.names import CORPORATIONS

SCENARIO = """\
# {region} — scenario bij de gegenereerde voorbeeldregio
#
# Een fictieve noordelijke regio ({parcels} percelen, seed {seed}); zie LEESMIJ.txt.
# Een scenario zegt welke gegevens gelezen worden en hoe percelen scoren. Het is gewone
# TOML: pas het aan in elke teksteditor. Paden zijn relatief aan dit bestand. Elk
# criterium telt `weight` punten (na normalisatie van alle gewichten tot 100) maal zijn
# waardefunctie, die loopt van 0 (slechtst) tot 1 (best); samen vormen ze de score.

[scenario]
name = "{region}"
language = "nl"                 # taal van de toelichtingen: "nl" of "en"

# --- Invoer ------------------------------------------------------------------------
[inputs.parcels]
path = "percelen.gpkg"          # BRK-velden: AKR-code, sectie, perceelnummer
layer = "percelen"

[[inputs.zoning]]
path = "bestemmingsplan.gpkg"   # één laag per IMRO-objecttype, als van `bouwstroom import-imro`

[[inputs.holdings]]
path = "bezit.gpkg"             # percelen van de twee corporaties
layer = "corporaties"
owner_field = "eigenaar"
owner_type_field = "eigenaar_type"

[[inputs.holdings]]
path = "bezit.gpkg"             # verblijfsobjecten (BAG-punten) van één corporatie
layer = "verblijfsobjecten"
owner = "{corporation}"
owner_type = "corporatie"

[[inputs.holdings]]
path = "gemeente_bezit.csv"     # grondbezit van de gemeenten, per kadastrale aanduiding
key_field = "kadastrale_aanduiding"
owner_field = "eigenaar"
owner_type_field = "eigenaar_type"

[inputs.boundaries]
path = "gemeenten.gpkg"
layer = "gemeente"
name_field = "statnaam"

# --- Beperkingen en voorzieningen ---------------------------------------------------
# Elke laag geeft de maten share_<naam> (deel van het perceel erin, alleen vlakken) en
# dist_<naam> (meters tot het dichtstbijzijnde object, afgekapt op max_distance).
[layers.natura2000]
kind = "constraint"
path = "natura2000.gpkg"
layer = "natura2000"
max_distance = 5000

[layers.geluid]
kind = "constraint"
path = "geluid.gpkg"                 # geluidcontouren van spoor, snelweg en bedrijventerreinen
layer = "geluid"
max_distance = 2000

[layers.overstroming]
kind = "constraint"
path = "overstroming.gpkg"
layer = "overstroming"
max_distance = 2000

[layers.leiding]
kind = "constraint"
zoning_object = "Dubbelbestemming"   # uit de bestemmingsplannen in plaats van uit een bestand
zoning_group = "leiding"

[layers.station]
kind = "amenity"
path = "voorzieningen.gpkg"
layer = "voorzieningen"
where = "soort = 'station'"          # OGR SQL-filter op de laag
max_distance = 10000

[layers.school]
kind = "amenity"
path = "voorzieningen.gpkg"
layer = "voorzieningen"
where = "soort = 'school'"
max_distance = 5000

[layers.winkel]
kind = "amenity"
path = "voorzieningen.gpkg"
layer = "voorzieningen"
where = "soort = 'winkel'"
max_distance = 5000

# --- Instellingen -------------------------------------------------------------------
[settings]
residential_groups = ["wonen", "woongebied", "gemengd", "centrum"]

# --- Harde uitsluitingen --------------------------------------------------------------
# `when` is "<maat> <op> <waarde>" met op één van < <= > >= == != in.
# `missing` zegt wat er gebeurt als de maat onbekend is: "exclude" (standaard) of "keep".
[[exclusions]]
when = "dist_natura2000 < 250"
reason = "binnen 250 m van Natura 2000"

[[exclusions]]
when = "share_leiding > 0.25"
reason = "meer dan een kwart in leidingstrook"

[[exclusions]]
when = "share_overstroming > 0.5"
reason = "grotendeels in overstromingsgebied"

[[exclusions]]
when = "area_m2 < 150"
reason = "kleiner dan 150 m²"

# --- Criteria ---------------------------------------------------------------------------
# function: linear (range = [slechtst, best] bij benefit; bij kosten direction = "cost"),
#           threshold (threshold = x, direction zegt welke kant goed is), ideal
#           (ideal = [lo, hi] scoort 1, limits = [min, max] scoren 0, lineair ertussen),
#           categorical (values = {{ categorie = 0..1 }}, default = 0..1).
# missing: "worst" (standaard: waarde 0 en de toelichting zegt onbekend) of "exclude".
# Percelen buiten elk digitaal bestemmingsplan hebben een onbekende woonbestemming.
[[criteria]]                    # deel van het perceel met een woonbestemming
name = "woonbestemming"
metric = "residential_share"
function = "linear"
direction = "benefit"
range = [0.0, 1.0]
weight = 25

[[criteria]]                    # corporatie- en gemeentegrond zijn snel beschikbaar
name = "eigendom"
metric = "owner_type"
function = "categorical"
values = {{ corporatie = 1.0, gemeente = 0.9, provincie = 0.6, overig = 0.2 }}
default = 0.0
weight = 25

[[criteria]]                    # groot genoeg voor een serie conceptwoningen
name = "omvang"
metric = "area_m2"
function = "ideal"
ideal = [1500, 8000]
limits = [300, 40000]
weight = 15

[[criteria]]                    # bereikbaar met de trein
name = "station"
metric = "dist_station"
function = "linear"
direction = "cost"
range = [800, 5000]
weight = 10

[[criteria]]                    # basisschool op loop- of fietsafstand
name = "school"
metric = "dist_school"
function = "linear"
direction = "cost"
range = [400, 2500]
weight = 7

[[criteria]]                    # dagelijkse boodschappen dichtbij
name = "winkel"
metric = "dist_winkel"
function = "linear"
direction = "cost"
range = [300, 2000]
weight = 5

[[criteria]]                    # deel binnen een geluidcontour van spoor, weg of industrie
name = "geluid"
metric = "share_geluid"
function = "linear"
direction = "cost"
range = [0.0, 1.0]
weight = 8

[[criteria]]                    # compacte percelen zijn beter te verkavelen
name = "vorm"
metric = "compactness"
function = "threshold"
direction = "benefit"
threshold = 0.4
weight = 5

# --- Locaties ---------------------------------------------------------------------------
# Aangrenzende percelen die niet uitgesloten zijn, vormen samen een locatie.
[sites]
tolerance = 2.0                 # meter: percelen zo dicht bij elkaar zijn buren (een sloot of
                                # pad ertussen scheidt ze niet); 0 = alleen rakende percelen
grouping = "same_owner"         # "same_owner", "same_owner_type" of "any_owner"; percelen met
                                # een onbekende eigenaar doen alleen mee bij "any_owner"
same_zoning = false             # true: alleen percelen met dezelfde hoofdgroep samen
max_area = 40000                # m²: grotere groepen worden in compacte delen gesplitst
min_area = 1000                 # m²: kleinere locaties blijven, gemarkeerd als te klein

# Locatiecriteria werken als [[criteria]], met de maten parcel_score (gemiddelde score
# van de percelen naar oppervlakte), area_m2, n_parcels, residential_share, owner_type,
# municipality en uit de capaciteit: homes (woningen van het beste concept),
# homes_<concept>, density (woningen/ha) en buildable_m2.
[[site_criteria]]               # de percelen zelf
name = "percelen"
metric = "parcel_score"
function = "linear"
direction = "benefit"
range = [0, 100]
weight = 60

[[site_criteria]]               # een omvang die in de bouwstroom past: 8 tot 60 woningen
name = "woningen"
metric = "homes"
function = "ideal"
ideal = [8, 60]
limits = [2, 120]
weight = 40

# --- Bundels ----------------------------------------------------------------------------
# Locaties worden gebundeld tot series die de bouwstroom achter elkaar kan bouwen: één
# concept per bundel, genoeg woningen maar niet te veel, dicht bij elkaar en rond
# hetzelfde kwartaal klaar. Elke locatie die buiten blijft, krijgt de reden.
[bundles]
min_homes = 40                  # woningen per bundel
max_homes = 150
max_spread_km = 15              # grootste afstand tussen de middens van twee locaties
readiness_window = 4            # kwartalen tussen de vroegste starts binnen een bundel
concepts = "best"               # "best": elke locatie met haar beste concept; "any": elk
                                # concept dat past, als dat een bundel oplevert
per = "concept"                 # "concept" of "family" (grondgebonden, gestapeld)
solver = "auto"                 # OR-Tools CP-SAT als die er is, anders de eigen heuristiek
time_limit = 20                 # seconden voor de solver

# Wanneer een locatie kan starten, in kwartalen na [stream] start: de vertraging van de
# planstatus (van het plan over het grootste deel van de locatie) plus, voor eigenaren
# die geen corporatie of gemeente zijn, de tijd om de grond te verwerven.
[bundles.readiness]
vastgesteld = 0
ontwerp = 2
voorontwerp = 4
unknown = 8                     # planstatus onbekend, of de bestemming moet eerst wijzigen
zoning_change_below = 0.5       # aandeel wonen waaronder de bestemming moet wijzigen
owner_delay = 4

# --- Bouwstroom -------------------------------------------------------------------------
# Per concept één productielijn die `rate` woningen per kwartaal start; bundels volgen
# elkaar op in de volgorde waarin hun laatste locatie klaar is.
[stream]
start = "2027-Q1"
gap = 0

[stream.rate]                   # woningen gestart per kwartaal, per concept
rijwoning = 24
compacte_rijwoning = 24
levensloop = 16
twee_onder_een_kap = 12
appartementen = 32

# --- Robuustheid ------------------------------------------------------------------------
# Elk gewicht 500 keer willekeurig tot 20 % hoger of lager: hoe vaak blijft een
# perceel of locatie in de top 50, en tussen welke rangen valt ze?
[robustness]
draws = 500
spread = 0.2
top_k = 50
seed = 1

# --- Profielen --------------------------------------------------------------------------
# Zo wegen gemeente, corporatie en bouwer de criteria; de consensus is wat alle drie in
# hun top 50 zetten.
[profiles.gemeente]             # wonen waar het plan het toelaat, dicht bij station en school
woonbestemming = 45
station = 25
school = 20
eigendom = 10

[profiles.corporatie]           # eigen grond, een omvang voor een project, winkels dichtbij
eigendom = 45
omvang = 30
woonbestemming = 15
winkel = 10

[profiles.bouwer]               # omvang en vorm voor industrieel bouwen, weinig geluid
omvang = 40
vorm = 30
geluid = 20
woonbestemming = 10
"""


def scenario_text(region: str, parcels: int, seed: int) -> str:
    """The scenario of a generated region, as TOML text."""
    return SCENARIO.format(
        region=region,
        parcels=parcels,
        seed=seed,
        corporation=CORPORATIONS[0],
    )


def readme_text(facts: Mapping[str, object]) -> str:
    """LEESMIJ.txt: what the region is and what each file holds, in Dutch.

    ``facts`` holds the numbers and names the text mentions (see ``generate_region``).
    """
    f = facts
    return f"""\
{f["region"]}
{"=" * len(str(f["region"]))}

Een FICTIEVE voorbeeldregio in het noorden (Groningen, Fryslân, Drenthe), gemaakt met
`bouwstroom generate --parcels {f["parcels"]} --seed {f["seed"]}`. Alle namen (dorpen,
gemeenten, corporaties, natuurgebieden) zijn verzonnen; de ligging in RD-coördinaten
(EPSG:28992) is alleen een plek om te staan. Dezelfde opdracht geeft dezelfde bestanden.

De regio: ongeveer {f["area_km2"]} km², {f["municipalities"]} gemeente(n)
({f["municipality_names"]}), {f["towns"]} dorpen en steden
(grootste: {f["largest"]}), lintbebouwing langs de landwegen en
landbouwgrond eromheen. Door de regio lopen een spoorlijn
({f["railway"]}), een snelweg, het kanaal {f["canal"]}
en een gastransportleiding.

Bestanden
---------
scenario.toml          scenario dat direct draait: bouwstroom run scenario.toml
percelen.gpkg          laag percelen: {f["parcels"]} kadastrale percelen met BRK-velden
                       (AKRKadastraleGemeenteCodeWaarde, sectie, perceelnummer,
                       kadastraleGrootteWaarde)
bestemmingsplan.gpkg   {f["plans"]} bestemmingsplannen, één laag per IMRO-objecttype:
{f["zoning_counts"]}
                       {f["second_plans"]} herontwikkelingsplan(nen) in voorbereiding overlappen een
                       vastgesteld plan; {f["unplanned_pct"]} van de percelen ligt buiten elk
                       digitaal bestemmingsplan
bezit.gpkg             laag corporaties: {f["corporation_parcels"]} percelen van
                       {f["corporations"]};
                       laag verblijfsobjecten: {f["points"]} BAG-punten van {f["point_owner"]}
gemeente_bezit.csv     {f["municipal_rows"]} regels grondbezit van de gemeenten (';'-gescheiden),
                       waarvan {f["stale_rows"]} met een kadastrale aanduiding die niet
                       (meer) bestaat
natura2000.gpkg        {f["nature"]} Natura 2000-gebieden
geluid.gpkg            geluidcontouren (55 en 65 dB Lden) langs spoor en snelweg en rond
                       bedrijventerreinen
overstroming.gpkg      overstromingsgebieden langs het kanaal
voorzieningen.gpkg     {f["stations"]} stations, {f["schools"]} scholen en {f["shops"]} winkels
                       (veld soort)
gemeenten.gpkg         laag gemeente met de gemeentegrenzen (veld statnaam)
"""
