"""The stream chart: a real PNG (matplotlib) and SVG with bars, labels and quarters."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from bouwstroom_qgis.core.errors import OutputError
from bouwstroom_qgis.core.stream import plan_stream
from bouwstroom_qgis.core.stream_chart import PALETTE, chart_layout, stream_chart
from bouwstroom_qgis.core.stream_settings import Quarter, StreamSettings

SVG = "{http://www.w3.org/2000/svg}"
SETTINGS = StreamSettings(
    start=Quarter(2027, 1), rates={"rijwoning": 24, "levensloop": 16, "appartementen": 32}
)


def plan():
    rows = [
        ("R-01", "rijwoning", 40, 0),
        ("R-02", "rijwoning", 60, 0),
        ("R-03", "rijwoning", 24, 8),
        ("L-01", "levensloop", 30, 1),
        ("A-01", "appartementen", 96, 2),
    ]
    frame = pd.DataFrame(rows, columns=["bundle_id", "concept", "homes", "earliest_quarter"])
    return plan_stream(frame, SETTINGS)


def test_layout_bars_run_for_homes_over_rate_quarters():
    layout = chart_layout(plan())
    assert layout.lanes == ("appartementen (32/kw)", "levensloop (16/kw)", "rijwoning (24/kw)")
    bars = {b.bundle_id: (b.lane, b.start, round(b.end, 3), b.homes) for b in layout.bars}
    assert bars == {
        "R-01": (2, 0.0, 1.667, "40 won."),
        "R-02": (2, 2.0, 4.5, "60 won."),
        "R-03": (2, 8.0, 9.0, "24 won."),
        "L-01": (1, 1.0, 2.875, "30 won."),
        "A-01": (0, 2.0, 5.0, "96 won."),
    }
    assert (layout.first, layout.last) == (0, 8)
    assert layout.ticks[0] == (0, "2027-Q1") and layout.ticks[-1] == (8, "2029-Q1")
    english = chart_layout(plan(), "en")
    assert english.title.startswith("Build stream") and english.bars[0].homes.endswith("homes")


def test_svg_has_a_bar_and_label_per_bundle_and_every_quarter(tmp_path):
    written = stream_chart(plan(), tmp_path / "stroom.svg")
    assert written == tmp_path / "stroom.svg"
    root = ET.parse(written).getroot()
    bars = root.findall(f".//{SVG}rect[@class='bar']")
    assert len(bars) == 5
    assert {b.get("fill") for b in bars} == set(PALETTE[:3])
    widths = sorted(float(b.get("width")) for b in bars)
    per_quarter = float(bars[0].get("width")) / (40 / 24)  # R-01 is drawn first
    assert widths[-1] == pytest.approx(3 * per_quarter, abs=0.2)  # 96 / 32 quarters
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    for bundle_id in ("R-01", "R-02", "R-03", "L-01", "A-01"):
        assert any(bundle_id in t for t in texts)
    ticks = [t.text for t in root.findall(f".//{SVG}text[@class='tick']")]
    assert ticks == [Quarter(2027, 1).shifted(q).label for q in range(9)]
    assert "Bouwstroom: start van woningen per conceptlijn" in texts
    assert "Kwartaal" in texts


def test_svg_is_byte_identical_and_not_silently_overwritten(tmp_path):
    first = stream_chart(plan(), tmp_path / "a.svg").read_bytes()
    second = stream_chart(plan(), tmp_path / "b.svg").read_bytes()
    assert first == second
    with pytest.raises(OutputError, match="exists"):
        stream_chart(plan(), tmp_path / "a.svg")
    stream_chart(plan(), tmp_path / "a.svg", overwrite=True)


def test_png_has_real_content(tmp_path):
    image_module = pytest.importorskip("matplotlib.image")
    written = stream_chart(plan(), tmp_path / "stroom.png")
    assert written.suffix == ".png"
    pixels = image_module.imread(written)[..., :3]
    height, width = pixels.shape[:2]
    assert width >= 900 and height >= 250
    background = np.all(pixels > 0.97, axis=-1)
    assert 0.10 < 1 - background.mean() < 0.8  # bars, text and axes, not a blank page
    for colour in PALETTE[:3]:  # every lane's bars are there
        rgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
        assert (np.abs(pixels - rgb).max(axis=-1) < 0.02).sum() > 1000
    assert (tmp_path / "again.png").exists() is False
    again = stream_chart(plan(), tmp_path / "again.png")
    assert again.read_bytes() == written.read_bytes()


def test_without_matplotlib_a_png_request_writes_svg(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    written = stream_chart(plan(), tmp_path / "stroom.png")
    assert written == tmp_path / "stroom.svg"
    assert not (tmp_path / "stroom.png").exists()
    root = ET.parse(written).getroot()
    assert len(root.findall(f".//{SVG}rect[@class='bar']")) == 5


def test_an_empty_plan_says_so(tmp_path):
    empty = pd.DataFrame(columns=["bundle_id", "concept", "homes", "earliest_quarter"])
    written = stream_chart(plan_stream(empty, SETTINGS), tmp_path / "leeg.svg")
    root = ET.parse(written).getroot()
    assert root.findall(f".//{SVG}rect[@class='bar']") == []
    assert root.find(f".//{SVG}text[@class='empty']").text == "Geen bundels ingepland"
