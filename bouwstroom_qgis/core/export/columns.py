"""Names the exports read beyond ``core.schema``: layers, tables and files of a result.

The bundles layer and the quarterly stream plan (one row per quarter x concept x bundle
with the homes started) come from the bundling stage; their column names are those of
``core.schema``, repeated here under the names the export modules use. Every one of
them is optional to the exports.
"""

from __future__ import annotations

from bouwstroom_qgis.core import schema as s

# Bundles layer (geometry: the union of its sites)
BUNDLE_ID = s.BUNDLE_ID
N_SITES = s.N_SITES
SITE_IDS = s.SITE_IDS
MUNICIPALITIES = s.MUNICIPALITIES
START_QUARTER = s.START_QUARTER
END_QUARTER = s.END_QUARTER
SPREAD_KM = s.SPREAD_KM

# Stream plan table: homes started per quarter, concept and bundle
QUARTER = s.QUARTER
HOMES_STARTED = ("homes_started", "homes")  # the first present is the number of homes

LIST_SEPARATOR = "; "

# Layers and tables of the result GeoPackage
PARCELS_LAYER = "parcels"
SITES_LAYER = "sites"
LAYOUTS_LAYER = "layouts"
BUNDLES_LAYER = "bundles"
PLAN_TABLE = "plan"
PROVENANCE_TABLE = "provenance"
STYLES_TABLE = "layer_styles"

# Files of a result folder
GPKG_FILE = "shortlist.gpkg"
PARCELS_CSV = "shortlist.csv"
SITES_CSV = "sites.csv"
RUN_REPORT = "report.txt"
WORKBOOK_FILE = "shortlist.xlsx"
PDF_FILE = "shortlist.pdf"
HTML_FILE = "shortlist.html"
SITES_GEOJSON = "sites.geojson"
BUNDLES_GEOJSON = "bundles.geojson"
BUNDLES_CSV = "bundles.csv"
PLAN_CSV = "plan.csv"
