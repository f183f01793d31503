"""A small OGC API - Features server on localhost, standing in for a PDOK service.

Planners load PDOK's parcels and zoning as WFS or OGC API layers. This machine has no
internet, so the tests serve one collection themselves, the way PDOK's OGC API does in
its default CRS (OGC API - Features Part 1: CRS84 longitude/latitude, pages of items
with ``next`` links, a ``bbox`` filter). QGIS reads it with its own OAPIF provider, as
it would read PDOK. Only the network is stood in for: the features are the region's
real file, converted to CRS84 by the engine's own pyproj (so that the engine's way back
to RD New is the exact inverse).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


class Collection:
    """One collection's features (GeoJSON in CRS84) with each feature's bounding box."""

    def __init__(self, name: str, geojson: Path) -> None:
        self.name = name
        self.features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
        for number, feature in enumerate(self.features, start=1):
            feature["id"] = number
        self.boxes = [_bbox(f["geometry"]["coordinates"]) for f in self.features]
        xs = [b[0] for b in self.boxes] + [b[2] for b in self.boxes]
        ys = [b[1] for b in self.boxes] + [b[3] for b in self.boxes]
        self.extent = [min(xs), min(ys), max(xs), max(ys)]
        self.requests: list[str] = []

    def within(self, bbox: list[float] | None) -> list[dict]:
        if bbox is None:
            return self.features
        x0, y0, x1, y1 = bbox
        return [
            f
            for f, b in zip(self.features, self.boxes, strict=True)
            if b[0] <= x1 and b[2] >= x0 and b[1] <= y1 and b[3] >= y0
        ]


def _bbox(coordinates) -> tuple[float, float, float, float]:
    points: list[tuple[float, float]] = []

    def walk(value) -> None:
        if value and isinstance(value[0], (int, float)):
            points.append((value[0], value[1]))
        else:
            for item in value:
                walk(item)

    walk(coordinates)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@contextmanager
def serve(collection: Collection) -> Iterator[str]:
    """Serve ``collection`` on a free local port; yields the landing page's URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(collection))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _handler(collection: Collection) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep the test output clean
            pass

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            base = f"http://{self.headers['Host']}"
            collection.requests.append(self.path)
            path = url.path.rstrip("/")
            items = f"/collections/{collection.name}/items"
            if path == "":
                self._json(_landing(base))
            elif path == "/conformance":
                self._json({"conformsTo": CONFORMANCE})
            elif path == "/api":
                self._json({"openapi": "3.0.0", "info": {"title": "test", "version": "1"}})
            elif path == "/collections":
                self._json({"collections": [_collection(base, collection)], "links": []})
            elif path == f"/collections/{collection.name}":
                self._json(_collection(base, collection))
            elif path == items:
                self._json(_items(base + items, collection, query), "application/geo+json")
            else:
                self.send_error(404)

        def _json(self, body: dict, kind: str = "application/json") -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _landing(base: str) -> dict:
    return {
        "title": "Bouwstroom test service",
        "links": [
            {"href": f"{base}/", "rel": "self", "type": "application/json"},
            {
                "href": f"{base}/api",
                "rel": "service-desc",
                "type": "application/vnd.oai.openapi+json;version=3.0",
            },
            {"href": f"{base}/conformance", "rel": "conformance", "type": "application/json"},
            {"href": f"{base}/collections", "rel": "data", "type": "application/json"},
        ],
    }


def _collection(base: str, collection: Collection) -> dict:
    return {
        "id": collection.name,
        "title": collection.name,
        "extent": {"spatial": {"bbox": [collection.extent], "crs": CRS84}},
        "crs": [CRS84],
        "links": [
            {
                "href": f"{base}/collections/{collection.name}/items",
                "rel": "items",
                "type": "application/geo+json",
            }
        ],
    }


def _items(href: str, collection: Collection, query: dict[str, str]) -> dict:
    bbox = [float(v) for v in query["bbox"].split(",")][:4] if "bbox" in query else None
    chosen = collection.within(bbox)
    limit = min(int(query.get("limit", 100)), 1000)
    offset = int(query.get("offset", 0))
    page = chosen[offset : offset + limit]
    links = []
    if offset + limit < len(chosen):
        args = f"limit={limit}&offset={offset + limit}"
        if "bbox" in query:
            args += f"&bbox={query['bbox']}"
        links.append({"href": f"{href}?{args}", "rel": "next", "type": "application/geo+json"})
    return {
        "type": "FeatureCollection",
        "features": page,
        "numberMatched": len(chosen),
        "numberReturned": len(page),
        "links": links,
    }
