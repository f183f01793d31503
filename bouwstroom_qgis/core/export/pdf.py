"""The report as one PDF: the overview pages, then one factsheet per shortlisted site.

matplotlib writes the PDF itself (no system libraries), with TrueType fonts embedded
so the text can be searched and copied, and without a creation date, so the same
result gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from bouwstroom_qgis.core.io.atomic import atomic_path
from bouwstroom_qgis.core.progress import Feedback


def report_style() -> AbstractContextManager[None]:
    """matplotlib settings of every report figure: TrueType fonts (type 42) instead of
    matplotlib's default Type 3, so that readers extract the text; DejaVu Sans, which
    matplotlib ships, so the report looks the same everywhere."""
    return matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"})


def write_pdf(
    path: Path,
    pages: Iterable[Figure],
    count: int,
    *,
    title: str,
    overwrite: bool = False,
    feedback: Feedback | None = None,
) -> int:
    """Write figures as the pages of one PDF, atomically; returns the number of pages.

    Parameters
    ----------
    pages : iterable of Figure
        Made one at a time (a generator), so a long report never holds all its pages.
    count : int
        How many pages ``pages`` yields, for the progress.
    """
    feedback = feedback or Feedback()
    metadata = {"Title": title, "Creator": "Bouwstroom QGIS", "CreationDate": None}
    written = 0
    with (
        report_style(),
        atomic_path(path, overwrite=overwrite) as tmp,
        PdfPages(tmp, metadata=metadata) as pdf,
    ):
        for figure in pages:
            pdf.savefig(figure)
            written += 1
            feedback.report(written / max(count, 1), f"report page {written} of {count}")
    return written
