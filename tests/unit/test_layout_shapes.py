"""Layout polygons: buildings, plots and parking strips where the count put them."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.concepts import Concept
from bouwstroom_qgis.core.layout import Layout
from bouwstroom_qgis.core.layout_shapes import layout_polygons

CONCEPT = Concept(
    name="rij",
    label="Rij",
    family="grondgebonden",
    width=5.0,
    depth=10.0,
    storeys=2,
    attic=False,
    homes_per_building=2,
    plot_depth=25.0,
    front_garden=5.0,
    min_row=2,
    max_row=4,
    row_gap=2.0,
    setback=0.0,
    parking_per_home=0.5,
    parking_space=20.0,
    green_per_home=5.0,
    groups=("wonen",),
)


def test_one_stretch_drawn_by_hand():
    # a 33 m stretch holds 5 buildings in rows of 3 and 2; strip low side at v = 100,
    # rows along u; parking 2 x (10 + 5) = 30 m² per building: a 6 m strip in front
    layout = Layout(
        buildings=np.array([0, 5]),
        site=np.array([1]),
        angle=np.array([0.0]),
        cx=np.array([1000.0]),
        cy=np.array([2000.0]),
        low=np.array([100.0]),
        start=np.array([0.0]),
        end=np.array([33.0]),
    )
    frame = layout_polygons(np.array(["a", "b"], dtype=object), CONCEPT, layout)
    assert frame.crs == s.RD_NEW
    assert frame[s.SITE_ID].unique().tolist() == ["b"]
    assert frame[s.ELEMENT].value_counts().to_dict() == {
        "gebouw": 5,
        "kavel": 5,
        "parkeren en groen": 2,
    }
    buildings = frame[frame[s.ELEMENT] == "gebouw"]
    first = buildings.geometry.iloc[0]
    assert first.equals(shapely.box(1001, 2111, 1006, 2121))  # 1 m free end, 6 + 5 m in front
    # the second row after the first's 15 m and a 2 m gap (two free ends of 1 m)
    assert buildings.geometry.iloc[3].equals(shapely.box(1018, 2111, 1023, 2121))
    plots = frame[frame[s.ELEMENT] == "kavel"]
    assert plots.geometry.iloc[0].equals(shapely.box(1001, 2106, 1006, 2131))
    strips = frame[frame[s.ELEMENT] == "parkeren en groen"]
    assert strips.geometry.iloc[0].equals(shapely.box(1001, 2100, 1016, 2106))
    assert strips.geometry.iloc[1].equals(shapely.box(1018, 2100, 1028, 2106))
    assert strips[s.HOMES].tolist() == [6, 4]
    assert strips.area.sum() == pytest.approx(10 * CONCEPT.outdoor_per_home_m2)
    assert buildings[s.HOMES].sum() == 10


def test_turned_frame_turns_the_polygons():
    layout = Layout(
        buildings=np.array([2]),
        site=np.array([0]),
        angle=np.array([np.pi / 2]),
        cx=np.array([0.0]),
        cy=np.array([0.0]),
        low=np.array([0.0]),
        start=np.array([0.0]),
        end=np.array([12.0]),
    )
    frame = layout_polygons(np.array(["a"], dtype=object), CONCEPT, layout)
    body = frame[frame[s.ELEMENT] == "gebouw"].geometry.iloc[0]
    # u along +y, v along -x: 1 m free end, then 5 m; 11..21 m across
    assert shapely.normalize(body).equals_exact(
        shapely.normalize(shapely.box(-21, 1, -11, 6)), tolerance=1e-9
    )
