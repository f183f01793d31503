"""Writing figures as one PDF: page count, no date, fonts that keep the text."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from bouwstroom_qgis.core.errors import Cancelled
from bouwstroom_qgis.core.export.pdf import write_pdf
from bouwstroom_qgis.core.progress import Feedback
from tests.unit.test_export_report_pages import pdf_text


def pages(n: int):  # type: ignore[no-untyped-def]
    for i in range(n):
        figure = Figure(figsize=(4, 3))
        figure.text(0.1, 0.5, f"Pagina {i + 1} – oppervlakte 1.250 m²")
        yield figure


def test_pages_and_text(tmp_path) -> None:
    path = tmp_path / "a.pdf"
    assert write_pdf(path, pages(3), 3, title="Proef") == 3
    text = pdf_text(path)
    assert len(text) == 3 and "Pagina 3 – oppervlakte 1.250 m²" in text[2]
    again = tmp_path / "b.pdf"
    write_pdf(again, pages(3), 3, title="Proef")
    assert again.read_bytes() == path.read_bytes()


def test_cancelled_leaves_nothing(tmp_path) -> None:
    seen: list[str] = []
    feedback = Feedback(progress=lambda f, m: seen.append(m), is_cancelled=lambda: len(seen) >= 2)
    with pytest.raises(Cancelled):
        write_pdf(tmp_path / "c.pdf", pages(5), 5, title="x", feedback=feedback)
    assert list(tmp_path.iterdir()) == []
