"""The report as one self-contained HTML file: open it in any browser, mail it, print it.

The page is ``resources/report/report.html`` with ``report.css`` inlined; maps and
charts are PNG images embedded as data URLs, so the file needs nothing beside it.
Score breakdowns and capacities are HTML bars, which read well without images too:
without matplotlib the report is written with a note instead of the maps.
"""

from __future__ import annotations

import base64
import string
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import colors
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.labels import header, text
from bouwstroom_qgis.core.export.report_data import (
    ReportData,
    capacity_of,
    score_parts,
    site_contributions,
    site_facts,
    summary_rows,
    totals_line,
)
from bouwstroom_qgis.core.io.atomic import atomic_path
from bouwstroom_qgis.paths import resource

OVERVIEW_IMAGE = "overview"
STREAM_IMAGE = "stream"
NO_IMAGES = {
    "nl": "Kaarten en grafieken ontbreken: installeer matplotlib (pip install matplotlib) "
    "en exporteer opnieuw.",
    "en": "Maps and charts are missing: install matplotlib (pip install matplotlib) and "
    "export again.",
}


def image_tag(png: bytes | None, alt: str, css: str) -> str:
    if png is None:
        return ""
    data = base64.b64encode(png).decode("ascii")
    return f'<img class="{css}" alt="{escape(alt)}" src="data:image/png;base64,{data}">'


def bars(parts: Sequence[tuple[str, float, float | None]], best: str | None = None) -> str:
    """Horizontal bars as HTML: each part's value against the largest possible."""
    top = max([m or 0.0 for _, _, m in parts] + [v for _, v, _ in parts] + [1e-9])
    rows = []
    for name, value, most in parts:
        width = 100.0 * value / top
        shown = f"{value:.1f}" if most is None else f"{value:.1f} / {most:.0f}"
        css = "fill best" if name == best else "fill"
        rows.append(
            f'<div class="bar"><span class="name">{escape(name.replace("_", " "))}</span>'
            f'<span class="track"><span class="{css}" style="display:block;width:{width:.1f}%">'
            f'</span></span><span class="value">{shown}</span></div>'
        )
    return "\n".join(rows)


def table_html(headers: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    head = "".join(
        f'<th class="num">{escape(h)}</th>' if i >= numeric_from else f"<th>{escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(v)}</td>' if i >= numeric_from else f"<td>{escape(v)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _summary(title: str, table: pd.DataFrame | None, language: str) -> str:
    headers, rows, more = summary_rows(table, language)
    if not rows:
        return f"<h3>{escape(title)}</h3><p>{escape(text('none', language))}</p>"
    note = f"<p>{escape(text('more_rows', language, n=more))}</p>" if more else ""
    return f"<h3>{escape(title)}</h3>{table_html(headers, rows)}{note}"


def _bundles(bundles: pd.DataFrame, language: str) -> str:
    shown = [
        col
        for col in (
            c.BUNDLE_ID,
            s.CONCEPT,
            s.HOMES,
            c.N_SITES,
            c.START_QUARTER,
            c.END_QUARTER,
            c.SPREAD_KM,
            c.MUNICIPALITIES,
        )
        if col in bundles.columns
    ]
    order = [col for col in (c.START_QUARTER, c.BUNDLE_ID) if col in bundles.columns]
    rows = [
        [f"{v:.1f}" if isinstance(v, float) else str(v) for v in row]
        for row in bundles.sort_values(order)[shown].itertuples(index=False)
    ]
    return table_html([header(col, language) for col in shown], rows, numeric_from=len(shown))


def site_section(site: pd.Series, data: ReportData, png: bytes | None) -> str:
    """One site's factsheet as an HTML section."""
    lang = data.language
    site_id = str(site[s.SITE_ID])
    score = float(site[s.SCORE])
    facts = "".join(
        f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"
        for label, value in site_facts(site, data)
    )
    parts = bars(score_parts(site, data.site_points, site_contributions(data.sites)))
    parcel = ""
    if site_id in data.parcel_parts.index:
        parcel_parts = score_parts(
            data.parcel_parts.loc[site_id], data.parcel_points, list(data.parcel_parts.columns)
        )
        parcel = f"<h3>{escape(text('parcel_criteria', lang))}</h3>{bars(parcel_parts)}"
    capacity = ""
    if data.concepts:
        homes = [(name, float(n), None) for name, n in capacity_of(site, data.concepts)]
        capacity = f"<h3>{escape(text('capacity', lang))}</h3>" + bars(
            homes, best=site.get(s.BEST_CONCEPT)
        )
    heading = f"{text('legend_site', lang).capitalize()} {site_id}"
    rank = text("rank_of", lang, rank=int(site[s.RANK]), n=data.n_ranked)
    return (
        f'<section class="site" id="{escape(site_id)}">'
        f"<h2>{escape(heading)}</h2>"
        f'<p>{escape(rank)} – <span class="score" style="background:{colors.score_color(score)}">'
        f"score {score:.1f}</span></p>"
        f"{image_tag(png, heading, 'map')}"
        f'<div class="columns"><div><h3>{escape(text("key_figures", lang))}</h3>'
        f'<table class="facts">{facts}</table></div>'
        f"<div><h3>{escape(text('score_breakdown', lang))}</h3>"
        f"{parts}{parcel}{capacity}</div></div>"
        f'<p class="explanation">{escape(str(site.get(s.EXPLANATION) or ""))}</p>'
        "</section>"
    )


def render_html(
    data: ReportData, bundles: pd.DataFrame | None, images: Mapping[str, bytes] | None
) -> str:
    """The whole report page as text."""
    lang = data.language
    images = images if images is not None else {}
    overview = []
    if not images:
        overview.append(f'<p class="missing">{escape(NO_IMAGES[lang])}</p>')
    overview.append(image_tag(images.get(OVERVIEW_IMAGE), text("overview", lang), "map"))
    overview.append(_summary(text("per_municipality", lang), data.municipalities, lang))
    overview.append(_summary(text("per_corporation", lang), data.corporations, lang))
    if bundles is not None and len(bundles):
        overview.append(f"<h3>{escape(text('stream', lang))}</h3>")
        overview.append(image_tag(images.get(STREAM_IMAGE), text("stream", lang), "chart"))
        overview.append(
            _bundles(pd.DataFrame(bundles.drop(columns="geometry", errors="ignore")), lang)
        )
    if not len(data.sites):
        overview.append(f"<p>{escape(text('no_sites', lang))}</p>")
    sites = [
        site_section(site, data, images.get(str(site[s.SITE_ID])))
        for _, site in data.sites.iterrows()
    ]
    line = totals_line(data)
    page = string.Template(resource("report", "report.html").read_text(encoding="utf-8"))
    return page.substitute(
        lang=lang,
        version=escape(data.version),
        title=escape(data.title),
        subtitle=escape(data.subtitle),
        totals=escape(line),
        css=resource("report", "report.css").read_text(encoding="utf-8"),
        overview_title=escape(text("overview", lang)),
        overview="\n".join(part for part in overview if part),
        sites="\n".join(sites),
        footer=escape(text("generated_by", lang, version=data.version)),
    )


def write_html(path: Path, html: str, overwrite: bool = False) -> Path:
    with atomic_path(path, overwrite=overwrite) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return path
