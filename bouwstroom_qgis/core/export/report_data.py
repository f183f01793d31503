"""What the factsheets and the overview say, shared by the PDF and the HTML report.

Nothing here draws: these are the facts, score parts, capacities and summary tables,
computed once for all shortlisted sites (vectorised over the parcels) and formatted
as text for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.criteria import weight_points
from bouwstroom_qgis.core.export.labels import header, number, text
from bouwstroom_qgis.core.export.tables import (
    ResultTables,
    main_owner,
    ranked_sites,
    site_bundles,
    summary_by,
)
from bouwstroom_qgis.core.scenario import Criterion, Scenario

SUMMARY_ROWS = 15  # rows of a summary table in the overview; the rest is counted


@dataclass
class ReportData:
    """Everything the report shows, for one language."""

    language: str
    title: str
    subtitle: str
    version: str
    sites: pd.DataFrame  # the shortlisted sites, best first, with bundle columns
    n_ranked: int
    parcel_parts: pd.DataFrame  # per site id: area-weighted mean of the parcels' c_ columns
    site_points: dict[str, float] = field(default_factory=dict)  # c_<name> -> most points
    parcel_points: dict[str, float] = field(default_factory=dict)
    concept_names: dict[str, str] = field(default_factory=dict)
    concepts: list[str] = field(default_factory=list)
    municipalities: pd.DataFrame | None = None
    corporations: pd.DataFrame | None = None
    totals: dict[str, int] = field(default_factory=dict)


def build_report_data(
    tables: ResultTables,
    scenario: Scenario | None,
    top: int,
    language: str,
    version: str,
    concept_names: dict[str, str],
) -> ReportData:
    """The report's contents for the ``top`` best sites of a result."""
    sites = tables.sites if tables.sites is not None else pd.DataFrame(columns=[s.SITE_ID, s.RANK])
    with_bundles = sites.copy()
    bundle_columns = site_bundles(sites, tables.bundles)
    for column in bundle_columns.columns:
        with_bundles[column] = bundle_columns[column]
    shortlisted = ranked_sites(with_bundles, top)
    concepts = sorted(
        col[len(s.HOMES_PREFIX) :] for col in sites.columns if col.startswith(s.HOMES_PREFIX)
    )
    in_bundle = bundle_columns[c.BUNDLE_ID].notna() if tables.bundles is not None else None
    municipalities = corporations = None
    if len(sites) and s.MUNICIPALITY in sites.columns:
        municipalities = summary_by(sites, sites[s.MUNICIPALITY], in_bundle)
    if len(sites) and s.OWNERS in sites.columns:
        owner = main_owner(sites[s.OWNERS])
        if s.OWNER_TYPE in sites.columns:
            owner = owner.where(sites[s.OWNER_TYPE] == "corporatie")
        corporations = summary_by(sites, owner, in_bundle)
    ranked = sites[s.RANK].notna() if len(sites) else pd.Series(dtype=bool)
    totals = {
        "sites": len(sites),
        "ranked": int(ranked.sum()),
        "homes": int(sites.loc[ranked, s.HOMES].fillna(0).sum()) if s.HOMES in sites else 0,
        "bundles": len(tables.bundles) if tables.bundles is not None else 0,
        "parcels": len(tables.parcels),
    }
    name = scenario.name if scenario is not None else ""
    return ReportData(
        language=language,
        title=text("report_title", language),
        subtitle=name,
        version=version,
        sites=shortlisted,
        n_ranked=int(ranked.sum()),
        parcel_parts=parcel_parts(
            tables.parcels, shortlisted[s.SITE_ID] if len(shortlisted) else []
        ),
        site_points=_points(scenario.sites.criteria if scenario else ()),
        parcel_points=_points(scenario.criteria if scenario else ()),
        concept_names=concept_names,
        concepts=concepts,
        municipalities=municipalities,
        corporations=corporations,
        totals=totals,
    )


def _points(criteria: tuple[Criterion, ...]) -> dict[str, float]:
    return {s.CONTRIBUTION_PREFIX + k: v for k, v in weight_points(criteria).items()}


def parcel_parts(parcels: pd.DataFrame, site_ids: pd.Series | list[str]) -> pd.DataFrame:
    """Per site, the area-weighted mean contribution of its parcels to each parcel criterion."""
    contributions = [col for col in parcels.columns if col.startswith(s.CONTRIBUTION_PREFIX)]
    if s.SITE_ID not in parcels.columns or not contributions:
        return pd.DataFrame(columns=contributions)
    members = parcels[parcels[s.SITE_ID].isin(list(site_ids))]
    area = members[s.AREA].to_numpy(dtype=float) if s.AREA in members else np.ones(len(members))
    weighted = members[contributions].mul(area, axis=0)
    weighted[s.SITE_ID] = members[s.SITE_ID].to_numpy()
    sums = weighted.groupby(s.SITE_ID).sum()
    total = pd.Series(area, index=members.index).groupby(members[s.SITE_ID]).sum()
    return sums.div(total.where(total > 0), axis=0)


def score_parts(
    values: pd.Series, points: dict[str, float], columns: list[str]
) -> list[tuple[str, float, float | None]]:
    """(criterion, points, most points) for the contribution columns of one row."""
    return [
        (
            col[len(s.CONTRIBUTION_PREFIX) :],
            float(np.nan_to_num(values.get(col, 0.0))),
            points.get(col),
        )
        for col in columns
    ]


def site_contributions(sites: pd.DataFrame) -> list[str]:
    return [col for col in sites.columns if col.startswith(s.CONTRIBUTION_PREFIX)]


def capacity_of(site: pd.Series, concepts: list[str]) -> list[tuple[str, int]]:
    """Homes per concept for one site, in the catalogue's sorted order."""
    return [(name, int(np.nan_to_num(site.get(s.HOMES_PREFIX + name, 0)))) for name in concepts]


def _number(value: object, language: str, digits: int = 0, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)) or pd.isna(value):
        return "–"
    shown = number(float(value), language, digits)  # type: ignore[arg-type]
    return f"{shown} {unit}".strip()


def _text(value: object) -> str:
    """A text fact, '–' where it is missing: None on pandas 2, NaN in pandas 3's text dtype."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return "–"
    return str(value)


def totals_line(data: ReportData) -> str:
    """'239 ranked sites – 1,765 homes – 25 bundles', for the overview's heading."""
    lang, totals = data.language, data.totals
    line = (
        f"{number(totals['ranked'], lang)} {text('sites_ranked', lang)} – "
        f"{number(totals['homes'], lang)} {text('homes_total', lang)}"
    )
    if totals.get("bundles"):
        line += f" – {number(totals['bundles'], lang)} {text('bundles_count', lang)}"
    return line


def site_facts(site: pd.Series, data: ReportData) -> list[tuple[str, str]]:
    """(label, value) lines of a site's key figures, ownership, bundle and start quarter."""
    lang = data.language
    best = site.get(s.BEST_CONCEPT)
    best_text = (
        data.concept_names.get(str(best), str(best)) if isinstance(best, str) and best else "–"
    )
    facts = [
        (header(s.MUNICIPALITY, lang), _text(site.get(s.MUNICIPALITY))),
        (header(s.AREA, lang), _number(site.get(s.AREA), lang)),
        (header(s.BUILDABLE, lang), _number(site.get(s.BUILDABLE), lang)),
        (header(s.BEST_CONCEPT, lang), best_text),
        (header(s.HOMES, lang), _number(site.get(s.HOMES), lang)),
        (header(s.DENSITY, lang), _number(site.get(s.DENSITY), lang, 1)),
        (header(s.OWNERS, lang), _text(site.get(s.OWNERS))),
        (header(s.OWNER_TYPE, lang), _text(site.get(s.OWNER_TYPE))),
        (header(s.ZONING_MIX, lang), _text(site.get(s.ZONING_MIX))),
        (header(s.N_PARCELS, lang), _number(site.get(s.N_PARCELS), lang)),
    ]
    bundle = site.get(c.BUNDLE_ID)
    if data.totals.get("bundles"):
        if isinstance(bundle, str) and bundle:
            start, end = site.get(c.START_QUARTER), site.get(c.END_QUARTER)
            facts.append((text("bundle", lang), bundle))
            facts.append((text("start", lang), f"{_text(start)} – {_text(end)}"))
        else:
            facts.append((text("bundle", lang), text("no_bundle", lang)))
    reason = site.get(s.REASON)
    if isinstance(reason, str) and reason:
        facts.append((header(s.REASON, lang), reason))
    return facts


def summary_rows(
    table: pd.DataFrame | None, language: str
) -> tuple[list[str], list[list[str]], int]:
    """Headers, formatted rows (at most ``SUMMARY_ROWS``) and how many rows were left out."""
    if table is None or not len(table):
        return [], [], 0
    headers = [
        "",
        text("sites", language),
        text("col_ranked", language),
        text("col_homes", language),
        text("best_rank", language),
    ]
    if "bundled" in table.columns:
        headers.append(text("in_bundles", language))
    rows = []
    for row in table.head(SUMMARY_ROWS).itertuples(index=False):
        line = [
            str(row.key),
            number(row.sites, language),
            number(row.ranked, language),
            number(row.homes, language),
            _number(row.best_rank, language),
        ]
        if "bundled" in table.columns:
            line.append(number(row.bundled, language))
        rows.append(line)
    return headers, rows, max(len(table) - SUMMARY_ROWS, 0)
