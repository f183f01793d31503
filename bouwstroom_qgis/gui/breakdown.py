"""Where one parcel's or site's score comes from, as a small HTML table for the dock.

A parcel is shown from the live scores (so it follows the sliders): per criterion its
points out of the maximum, with the rounded metric value the explanation names; then
the exclusion reason, if any, and the explanation line. A site is shown from its
feature in the engine's sites layer.
"""

from __future__ import annotations

from html import escape

import numpy as np
from qgis.core import QgsFeature
from qgis.PyQt.QtCore import QCoreApplication

from bouwstroom_qgis.core.phrases import decimal, max_points  # standard library only
from bouwstroom_qgis.gui.live_layer import LiveParcels
from bouwstroom_qgis.live_explain import PHRASES, display_codes


def tr(text: str) -> str:
    return QCoreApplication.translate("Breakdown", text)


def parcel_html(live: LiveParcels, feature_id: int) -> str:
    """The breakdown of one parcel of the live layer."""
    scores, rules = live.scores, live.rules
    if scores is None:
        return ""
    row = live.row_of(feature_id)
    one = {name: values[row : row + 1] for name, values in live.columns.items()}
    unknown = PHRASES.get(rules.language, PHRASES["en"])["unknown"]
    rank = int(scores.rank[row])
    title = tr("Parcel {}").format(escape(str(live.columns["parcel_id"][row])))
    head = tr("rank {}").format(rank) if rank else tr("excluded")
    score = decimal(scores.score[row], 1, rules.language)
    lines = [f"<h3>{title}</h3>", f"<p><b>{score}</b> / 100 — {head}</p>"]
    lines.append("<table cellspacing='4'>")
    lines.append(
        f"<tr><th align='left'>{tr('Criterion')}</th><th>{tr('Points')}</th>"
        f"<th align='left'>{tr('Value')}</th></tr>"
    )
    for criterion in rules.criteria:
        if not criterion.enabled:
            continue
        codes, labels = display_codes(one[criterion.metric], criterion.metric, rules)
        label = labels[codes[0]] if codes[0] >= 0 else unknown
        points = scores.contributions[criterion.name][row]
        maximum = 100 * criterion.weight
        bar = _bar(points / maximum if maximum > 0 else 0.0)
        lines.append(
            f"<tr><td>{escape(criterion.name)}</td>"
            f"<td align='right'>{decimal(points, 1, rules.language)} / "
            f"{max_points(maximum, rules.language)}</td>"
            f"<td>{escape(label)} {bar}</td></tr>"
        )
    lines.append("</table>")
    reason = scores.reason_texts[int(scores.reason_codes[row])]
    if reason:
        lines.append(f"<p><b>{tr('Excluded')}:</b> {escape(reason)}</p>")
    lines.append(f"<p><i>{escape(live.explanation_of(row))}</i></p>")
    return "\n".join(lines)


def site_html(feature: QgsFeature, language: str) -> str:
    """The breakdown of one site, from its attributes in the engine's sites layer; numbers
    written as the explanations' ``language`` does."""
    names = feature.fields().names()
    value = {n: feature[n] for n in names}
    title = tr("Site {}").format(escape(str(value.get("site_id", ""))))
    rank = value.get("rank")
    head = tr("rank {}").format(rank) if rank not in (None, "") and rank == rank else tr("no rank")
    score = value.get("score")
    shown = decimal(float(score or 0), 1, language)
    lines = [f"<h3>{title}</h3>", f"<p><b>{shown}</b> / 100 — {head}</p>"]
    lines.append("<table cellspacing='4'>")
    for name in names:
        if name.startswith("c_"):
            lines.append(
                f"<tr><td>{escape(name[2:])}</td>"
                f"<td align='right'>{decimal(float(value[name] or 0), 1, language)}</td></tr>"
            )
    for key, label in (
        ("homes", tr("Homes")),
        ("best_concept", tr("Best concept")),
        ("owners", tr("Owners")),
    ):
        if key in value and value[key] not in (None, ""):
            lines.append(f"<tr><td>{label}</td><td>{escape(str(value[key]))}</td></tr>")
    lines.append("</table>")
    if value.get("explanation"):
        lines.append(f"<p><i>{escape(str(value['explanation']))}</i></p>")
    return "\n".join(lines)


def _bar(share: float) -> str:
    """A small text bar of a 0–1 share: readable in any font and in a screenshot."""
    filled = int(np.clip(round(share * 10), 0, 10))
    done, left = "█" * filled, "█" * (10 - filled)
    return f"<span style='color:#1a7f37'>{done}</span><span style='color:#ccc'>{left}</span>"
