"""Maps for the report, drawn with matplotlib on a clean white background.

No basemap (the tool works offline): the site's surroundings are its neighbouring
parcels, the zoning plan in light plan colours, building planes dashed, and the
constraint layers hatched. Geometry goes to matplotlib as one compound path per
polygon (holes included), built from shapely's coordinate arrays in bulk, and clipped
to the map frame first so a large nature area costs no more than a small one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.patheffects as effects
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import colors
from bouwstroom_qgis.core.export.context import MapContext, zoning_groups_by_area
from bouwstroom_qgis.core.export.labels import text

Bounds = tuple[float, float, float, float]
SITE_EDGE = "#111111"
PARCEL_EDGE = "#b0b0b0"
LEGEND_ZONING = 6  # main groups named in a site map's legend, largest first
BUNDLES_LABELLED = 60  # more bundle ids than this on one page would hide the sites
SCALE_STEPS = (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000)


def polygon_paths(geoms: np.ndarray) -> list[MplPath]:
    """One matplotlib path per polygon part (exterior plus holes) of polygonal geometries.

    matplotlib fills by the non-zero winding rule: a hole stays open only when it runs
    the other way round than its exterior, so every part is oriented first.
    """
    parts = shapely.get_parts(np.asarray(geoms, dtype=object))
    parts = parts[~shapely.is_empty(parts) & (shapely.get_type_id(parts) == 3)]
    parts = shapely.orient_polygons(parts)
    if not len(parts):
        return []
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    ring_sizes = np.bincount(coord_ring, minlength=len(rings))
    codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
    ring_start = np.cumsum(ring_sizes) - ring_sizes
    codes[ring_start] = MplPath.MOVETO
    codes[ring_start + ring_sizes - 1] = MplPath.CLOSEPOLY
    part_of_coord = ring_part[coord_ring]
    cuts = np.flatnonzero(np.diff(part_of_coord)) + 1
    return [
        MplPath(v, c) for v, c in zip(np.split(coords, cuts), np.split(codes, cuts), strict=True)
    ]


def clipped(geoms: np.ndarray, bounds: Bounds) -> np.ndarray:
    """The geometries that meet ``bounds``, cut to it (a little wider, so edges stay off-frame)."""
    geoms = np.asarray(geoms, dtype=object)
    if not len(geoms):
        return geoms
    box = shapely.box(*bounds)
    near = geoms[shapely.intersects(geoms, box)]
    pad = 0.02 * max(bounds[2] - bounds[0], bounds[3] - bounds[1])
    cut = shapely.clip_by_rect(
        near, bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad
    )
    return cut[~shapely.is_empty(cut)]


def draw(ax: Axes, geoms: np.ndarray, zorder: float, **style: object) -> int:
    """Draw polygons as one collection; returns the number of polygon parts drawn."""
    paths = polygon_paths(geoms)
    if paths:
        ax.add_collection(PathCollection(paths, zorder=zorder, **style))  # type: ignore[arg-type]
    return len(paths)


def frame_bounds(
    bounds: Bounds, aspect: float, margin: float = 0.15, minimum: float = 120.0
) -> Bounds:
    """A frame around ``bounds``, width / height = ``aspect``, at least ``minimum`` m wide."""
    x0, y0, x1, y1 = bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    width = max((x1 - x0) * (1 + 2 * margin), minimum)
    height = max((y1 - y0) * (1 + 2 * margin), minimum / aspect)
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def set_frame(ax: Axes, frame: Bounds) -> None:
    ax.set_xlim(frame[0], frame[2])
    ax.set_ylim(frame[1], frame[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#999999")
        spine.set_linewidth(0.6)


def scale_bar(ax: Axes, frame: Bounds) -> None:
    """A bar of a round length, about a fifth of the frame wide, at the lower left."""
    width = frame[2] - frame[0]
    length = max((step for step in SCALE_STEPS if step <= width / 5), default=SCALE_STEPS[0])
    x = frame[0] + 0.04 * width
    y = frame[1] + 0.04 * (frame[3] - frame[1])
    ax.plot(
        [x, x + length], [y, y], color="#222222", linewidth=2.5, solid_capstyle="butt", zorder=20
    )
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length} m"
    ax.text(
        x + length / 2,
        y,
        label,
        ha="center",
        va="bottom",
        fontsize=7,
        zorder=20,
        path_effects=[effects.withStroke(linewidth=2, foreground="white")],
    )


def north_arrow(ax: Axes) -> None:
    ax.annotate(
        "N",
        xy=(0.96, 0.95),
        xytext=(0.96, 0.86),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=8,
        zorder=20,
        arrowprops={"arrowstyle": "-|>", "color": "#222222", "linewidth": 1.0},
    )


@dataclass(frozen=True)
class SiteMapData:
    """The layers of the site maps with their spatial indexes, built once per export."""

    parcels: np.ndarray
    parcel_tree: shapely.STRtree
    site_of_parcel: np.ndarray
    context: MapContext
    zoning_tree: shapely.STRtree | None
    buildings: pd.DataFrame | None  # layout buildings: site_id, geometry


def site_map_data(
    parcels: pd.DataFrame, context: MapContext, layouts: pd.DataFrame | None
) -> SiteMapData:
    geoms = np.asarray(parcels.geometry.values, dtype=object)
    site_of = (
        parcels[s.SITE_ID].astype(object).to_numpy()
        if s.SITE_ID in parcels.columns
        else np.full(len(parcels), None)
    )
    zoning_tree = None
    if context.zoning is not None and len(context.zoning):
        zoning_tree = shapely.STRtree(np.asarray(context.zoning.geometry.values, dtype=object))
    buildings = None
    if layouts is not None and s.ELEMENT in layouts.columns:
        buildings = layouts[layouts[s.ELEMENT] == "gebouw"][[s.SITE_ID, "geometry"]]
    return SiteMapData(geoms, shapely.STRtree(geoms), site_of, context, zoning_tree, buildings)


def draw_site_map(ax: Axes, site: pd.Series, data: SiteMapData, language: str) -> int:
    """One site with its parcels, the zoning, building planes and constraints around it.

    Returns
    -------
    int
        Polygon parts drawn (a map that draws nothing is an error upstream).
    """
    geometry = site.geometry
    aspect = ax.bbox.width / ax.bbox.height  # of the axes on the page
    frame = frame_bounds(geometry.bounds, aspect, margin=0.6, minimum=250.0)
    set_frame(ax, frame)
    drawn = 0
    handles: list[Patch] = []
    context = data.context
    if data.zoning_tree is not None and context.zoning is not None:
        near = data.zoning_tree.query(shapely.box(*frame))
        zoning = context.zoning.iloc[np.sort(near)]
        groups = zoning[s.HOOFDGROEP].fillna("").to_numpy()
        cut = shapely.clip_by_rect(np.asarray(zoning.geometry.values, dtype=object), *frame)
        keep = ~shapely.is_empty(cut)
        for group in zoning_groups_by_area(zoning).index:
            chosen = keep & (groups == group)
            color = colors.ZONING_COLORS.get(group, colors.ZONING_UNKNOWN)
            if draw(ax, cut[chosen], 1, facecolor=color, edgecolor="none", alpha=0.45):
                drawn += 1
                if len(handles) < LEGEND_ZONING:
                    handles.append(Patch(facecolor=color, alpha=0.45, label=group or "?"))
    if context.bouwvlakken is not None and draw(
        ax,
        clipped(context.bouwvlakken, frame),
        3,
        facecolor="none",
        edgecolor="#555555",
        linewidth=0.6,
        linestyle=(0, (3, 2)),
    ):
        handles.append(
            Patch(
                facecolor="none",
                edgecolor="#555555",
                linestyle="--",
                label=text("legend_bouwvlak", language),
            )
        )
    for i, (name, polygons) in enumerate(context.constraints):
        color = colors.CONSTRAINT_COLORS[i % len(colors.CONSTRAINT_COLORS)]
        if draw(
            ax,
            clipped(polygons, frame),
            4,
            facecolor="none",
            edgecolor=color,
            linewidth=0.5,
            hatch="////",
        ):
            handles.append(Patch(facecolor="none", edgecolor=color, hatch="////", label=name))
    near = np.sort(data.parcel_tree.query(shapely.box(*frame)))
    members = data.site_of_parcel[near] == site[s.SITE_ID]
    drawn += draw(
        ax, data.parcels[near[~members]], 5, facecolor="none", edgecolor=PARCEL_EDGE, linewidth=0.35
    )
    drawn += draw(
        ax, data.parcels[near[members]], 6, facecolor="none", edgecolor="#444444", linewidth=0.7
    )
    if data.buildings is not None:
        own = data.buildings[data.buildings[s.SITE_ID] == site[s.SITE_ID]]
        if draw(
            ax,
            np.asarray(own.geometry.values, dtype=object),
            7,
            facecolor="#5a5a64",
            edgecolor="none",
        ):
            handles.append(Patch(facecolor="#5a5a64", label=text("legend_buildings", language)))
    drawn += draw(
        ax,
        np.array([geometry], dtype=object),
        8,
        facecolor="none",
        edgecolor=SITE_EDGE,
        linewidth=2.2,
        path_effects=[effects.withStroke(linewidth=4, foreground="white")],
    )
    handles = [
        Patch(
            facecolor="none", edgecolor=SITE_EDGE, linewidth=2, label=text("legend_site", language)
        ),
        Patch(facecolor="none", edgecolor=PARCEL_EDGE, label=text("legend_parcels", language)),
        *handles,
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=6.5, framealpha=0.9, borderpad=0.5)
    scale_bar(ax, frame)
    north_arrow(ax)
    return drawn


def draw_overview_map(
    ax: Axes,
    sites: pd.DataFrame,
    bundles: pd.DataFrame | None,
    context: MapContext,
    labelled: int,
    language: str,
) -> int:
    """All sites coloured by score (unranked grey), bundles outlined by concept and
    labelled with their id (up to ``BUNDLES_LABELLED``), borders.

    The ``labelled`` best sites carry their rank. Sites are small at this scale, so each
    also gets a dot in its score colour.
    """
    geoms = np.asarray(sites.geometry.values, dtype=object)
    if len(geoms):
        extent = shapely.total_bounds(geoms)
    elif context.boundaries is not None:
        extent = shapely.total_bounds(context.boundaries)
    else:
        extent = (0.0, 0.0, 1000.0, 1000.0)
    aspect = ax.bbox.width / ax.bbox.height  # of the axes on the page
    frame = frame_bounds(tuple(extent), aspect, margin=0.06, minimum=1000.0)
    set_frame(ax, frame)
    drawn = 0
    if context.boundaries is not None:
        drawn += draw(
            ax,
            clipped(context.boundaries, frame),
            1,
            facecolor="#fafafa",
            edgecolor="#9a9a9a",
            linewidth=0.8,
        )
    ranked = sites[s.RANK].notna().to_numpy()
    score = sites[s.SCORE].fillna(0).to_numpy()
    fill = np.where(ranked, [colors.score_color(v) for v in score], colors.EXCLUDED_COLOR)
    paths = polygon_paths(geoms)
    if paths:
        drawn += draw(ax, geoms, 3, facecolor="none", edgecolor="#333333", linewidth=0.4)
    points = shapely.point_on_surface(geoms)
    xy = shapely.get_coordinates(points)
    order = np.argsort(ranked)  # ranked dots on top of the others
    ax.scatter(
        xy[order, 0],
        xy[order, 1],
        s=16,
        c=fill[order],
        edgecolors="#333333",
        linewidths=0.4,
        zorder=5,
    )
    handles = [
        Patch(facecolor=color, edgecolor="#333333", label=f"{lo:g}–{hi:g}")
        for lo, hi, color in zip(
            colors.SCORE_BOUNDS[:-1], colors.SCORE_BOUNDS[1:], colors.SCORE_COLORS, strict=True
        )
    ]
    handles.append(
        Patch(
            facecolor=colors.EXCLUDED_COLOR, edgecolor="#333333", label=text("unranked", language)
        )
    )
    if bundles is not None and len(bundles) and s.CONCEPT in bundles.columns:
        palette = colors.concept_colors(bundles[s.CONCEPT].dropna().astype(str))
        hulls = shapely.buffer(
            shapely.convex_hull(np.asarray(bundles.geometry.values, dtype=object)),
            0.01 * (frame[2] - frame[0]),
        )
        for concept, color in palette.items():
            chosen = (bundles[s.CONCEPT].astype(str) == concept).to_numpy()
            if draw(
                ax,
                hulls[chosen],
                4,
                facecolor="none",
                edgecolor=color,
                linewidth=1.4,
                linestyle=(0, (4, 2)),
            ):
                drawn += 1
                handles.append(
                    Patch(facecolor="none", edgecolor=color, label=concept.replace("_", " "))
                )
        if s.BUNDLE_ID in bundles.columns and len(bundles) <= BUNDLES_LABELLED:
            label_bundles(ax, hulls, bundles[s.BUNDLE_ID], bundles[s.CONCEPT], palette)
    top = np.flatnonzero(ranked)[np.argsort(sites[s.RANK].to_numpy()[ranked], kind="stable")][
        :labelled
    ]
    for i in top:
        ax.annotate(
            f"{int(sites[s.RANK].iloc[i])}",
            xy=(xy[i, 0], xy[i, 1]),
            xytext=(3, 3),
            textcoords="offset points",
            fontsize=6.5,
            zorder=6,
            path_effects=[effects.withStroke(linewidth=2, foreground="white")],
        )
    ax.legend(handles=handles, loc="upper left", fontsize=6.5, framealpha=0.9)
    scale_bar(ax, frame)
    north_arrow(ax)
    return drawn + len(xy)


def label_bundles(
    ax: Axes,
    hulls: np.ndarray,
    bundle_ids: pd.Series,
    concepts: pd.Series,
    palette: dict[str, str],
) -> int:
    """Each bundle's id at the top left of its outline, in its concept's colour.

    The outlines say which sites go together and the colour the concept; the id ties
    them to the bundles table beside the map. Returns the number of labels.
    """
    bounds = shapely.bounds(hulls)
    count = 0
    for (x0, _, _, y1), bundle, concept in zip(bounds, bundle_ids, concepts, strict=True):
        if pd.isna(bundle) or not np.isfinite(x0):
            continue
        ax.annotate(
            str(bundle),
            xy=(x0, y1),
            fontsize=6,
            fontweight="bold",
            color=palette.get(str(concept), "#333333"),
            ha="left",
            va="bottom",
            zorder=6,
            annotation_clip=True,
            path_effects=[effects.withStroke(linewidth=2, foreground="white")],
        )
        count += 1
    return count


def concept_handles(concepts: Sequence[str]) -> list[Patch]:
    palette = colors.concept_colors(concepts)
    return [Patch(facecolor=color, label=name.replace("_", " ")) for name, color in palette.items()]
