"""Column names and code lists shared by every stage, declared once."""

from __future__ import annotations

RD_NEW = "EPSG:28992"

# Every layer read by core.io.vector keeps GDAL's feature id as its index, named so
FEATURE_ID = "fid"

# Parcels
PARCEL_ID = "parcel_id"
AKR_CODE = "akr_code"  # AKR kadastrale gemeentecode, e.g. OTL02
SECTIE = "sectie"
PERCEELNUMMER = "perceelnummer"
KADASTRALE_GROOTTE = "kadastrale_grootte"  # registered area, m²

# Normalised zoning (one GeoDataFrame, all IMRO object types)
OBJECT_TYPE = "object_type"
HOOFDGROEP = "hoofdgroep"
NAAM = "naam"
PLAN_ID = "plan_id"
PLAN_STATUS = "plan_status"
IDENTIFICATIE = "identificatie"  # the object's IMRO id, e.g. NL.IMRO.0664.EP5302177522-00

ENKELBESTEMMING = "Enkelbestemming"
DUBBELBESTEMMING = "Dubbelbestemming"
BOUWVLAK = "Bouwvlak"
BOUWAANDUIDING = "Bouwaanduiding"
FUNCTIEAANDUIDING = "Functieaanduiding"
GEBIEDSAANDUIDING = "Gebiedsaanduiding"
BESTEMMINGSPLANGEBIED = "Bestemmingsplangebied"
IMRO_OBJECT_TYPES = (
    ENKELBESTEMMING,
    DUBBELBESTEMMING,
    BOUWVLAK,
    BOUWAANDUIDING,
    FUNCTIEAANDUIDING,
    GEBIEDSAANDUIDING,
    BESTEMMINGSPLANGEBIED,
)

# The 23 IMRO main groups of an Enkelbestemming, lower case.
ENKELBESTEMMING_GROUPS = (
    "agrarisch",
    "agrarisch met waarden",
    "bedrijf",
    "bedrijventerrein",
    "bos",
    "centrum",
    "cultuur en ontspanning",
    "detailhandel",
    "dienstverlening",
    "gemengd",
    "groen",
    "horeca",
    "kantoor",
    "maatschappelijk",
    "natuur",
    "overig",
    "recreatie",
    "sport",
    "tuin",
    "verkeer",
    "water",
    "wonen",
    "woongebied",
)
DUBBELBESTEMMING_GROUPS = ("leiding", "waarde", "waterstaat")
GEBIEDSAANDUIDING_GROUPS = (
    "geluidzone",
    "luchtvaartverkeerzone",
    "milieuzone",
    "reconstructiewetzone",
    "veiligheidszone",
    "vrijwaringszone",
    "wetgevingzone",
    "overige zone",
)
# Ordered from least to most binding; a later status of the same plan area wins.
PLAN_STATUSES = ("concept", "voorontwerp", "ontwerp", "vastgesteld", "geconsolideerd")
DEFAULT_RESIDENTIAL_GROUPS = ("wonen", "woongebied", "gemengd", "centrum")

# Holdings
OWNER = "owner"
OWNER_TYPE = "owner_type"
OWNER_SHARE = "owner_share"
OWNER_TYPES = ("corporatie", "gemeente", "provincie", "overig")

# Per-parcel metrics (constraint and amenity metrics are prefixed per named layer)
AREA = "area_m2"
COMPACTNESS = "compactness"
RESIDENTIAL_SHARE = "residential_share"
MUNICIPALITY = "municipality"
SHARE_PREFIX = "share_"
DIST_PREFIX = "dist_"

# Scores
SCORE = "score"
RANK = "rank"
EXCLUDED = "excluded"
EXCLUSION_REASON = "exclusion_reason"
EXPLANATION = "explanation"
CONTRIBUTION_PREFIX = "c_"

# Sites (parcels assembled by core.sites, scored by core.site_score)
SITE_ID = "site_id"
PARCEL_IDS = "parcel_ids"  # member parcel ids, sorted, joined with "; "
N_PARCELS = "n_parcels"
OWNERS = "owners"  # "name (share%)" by area, largest first, joined with "; "
ZONING_MIX = "zoning_mix"  # "wonen 80%, groen 20%" by area, largest first
TOO_SMALL = "too_small"  # smaller than the scenario's minimum site area
OVERSIZE = "oversize"  # one parcel larger than the maximum site area
PARCEL_SCORE = "parcel_score"  # area-weighted mean score of the member parcels

# Housing capacity per concept home
CONCEPT = "concept"
HOMES = "homes"
HOMES_PREFIX = "homes_"  # homes_<concept>: homes of one concept per site
BEST_CONCEPT = "best_concept"
BUILDINGS = "buildings"
FOOTPRINT = "footprint_m2"
GFA = "gfa_m2"  # gross floor area (bvo), m²
COVERAGE = "coverage"  # footprint / site area, 0–1
DENSITY = "density"  # homes per hectare of site
BUILDABLE = "buildable_m2"
REASON = "reason"
ELEMENT = "element"  # layout polygons: gebouw, kavel, parkeren en groen

# Build stream plan (core.stream): bundles scheduled per concept line, by quarter.
# CONCEPT and HOMES are shared with the capacity table (above).
BUNDLE_ID = "bundle_id"
EARLIEST_QUARTER = "earliest_quarter"  # quarters after the stream's start quarter (0 = start)
START_QUARTER = "start_quarter"
END_QUARTER = "end_quarter"  # last quarter with homes started, inclusive
START_LABEL = "start_label"  # "2027-Q1"
END_LABEL = "end_label"
QUARTER = "quarter"
QUARTER_LABEL = "quarter_label"
RATE = "rate"  # homes started per quarter on a concept line
IDLE_BEFORE = "idle_before"  # quarters the line stood still just before this bundle

# Bundles (core.bundling): sites grouped for the build stream. BUNDLE_ID, CONCEPT, HOMES,
# EARLIEST_QUARTER, START_QUARTER and END_QUARTER are shared with the stream plan (above).
BUNDLE_NAME = "name"  # the name a user pinned sites to, else null
N_SITES = "n_sites"
SITE_IDS = "site_ids"  # member site ids joined with "; ", as parcel_ids on sites
MUNICIPALITIES = "municipalities"  # "; ", most homes first
EARLIEST_LABEL = "earliest_label"  # earliest_quarter as '2027-Q1'
LATEST_QUARTER = "latest_quarter"  # quarters after the start: the last site ready
LATEST_LABEL = "latest_label"
SPREAD_KM = "spread_km"  # largest distance between two sites' centroids, km
WEIGHTED_HOMES = "weighted_homes"  # sum of score x homes over a bundle's sites
READY_QUARTER = "ready_quarter"  # per site: earliest start, quarters after the start
READY_LABEL = "ready_label"  # per site: the same as '2027-Q1'
BUNDLE_REASON = "bundle_reason"  # per site: why it is in no bundle (null when bundled)

# Robustness of a ranking (core.robustness) and stakeholder profiles (core.profiles)
P_TOP_K = "p_top_k"  # share of weight draws keeping the parcel or site in the top k
RANK_P05 = "rank_p05"
RANK_P50 = "rank_p50"
RANK_P95 = "rank_p95"
PROFILE_SCORE_PREFIX = "score_"  # score_<profile>
PROFILE_RANK_PREFIX = "rank_"  # rank_<profile>
CONSENSUS = "consensus"  # in the top k of every profile
CONSENSUS_RANK = "consensus_rank"  # the worst rank over the profiles
