"""Names the exports read beyond ``core.schema``: the bundles layer, the stream plan, files.

The bundles and the quarterly stream plan come from the bundling stage (one row per
bundle; one row per quarter x concept x bundle with the homes started). Their column
names are declared here until that stage declares them in ``core.schema``; the exports
only read them, and every one of them is optional.
"""

from __future__ import annotations

# Bundles layer (geometry: the union of its sites)
BUNDLE_ID = "bundle_id"
N_SITES = "n_sites"
SITE_IDS = "site_ids"  # member site ids joined with "; ", as parcel_ids on sites
MUNICIPALITIES = "municipalities"
START_QUARTER = "start_quarter"
END_QUARTER = "end_quarter"
SPREAD_KM = "spread_km"

# Stream plan table: homes started per quarter, concept and bundle
QUARTER = "quarter"
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
