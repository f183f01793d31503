import numpy as np

from bouwstroom_qgis.core.generator.admin import municipality_count, plan_code
from bouwstroom_qgis.core.generator.layout import plan_region


def test_plan_codes_fit_imro_and_stay_unique():
    taken: set[str] = set()
    codes = [plan_code("Nieuw-Brakkelwoldehuizen", taken) for _ in range(3)]
    assert len(set(codes)) == 3
    assert all(c.startswith("BP") and c.isalnum() and len(c) <= 17 for c in codes)


def test_municipality_count_grows_with_the_region():
    assert [municipality_count(n) for n in (5000, 100_000, 1_000_000)] == [2, 3, 4]


def test_cadastral_sections_and_municipalities():
    region = plan_region(80_000, 9, np.random.default_rng(9))
    assert len(region.akr_codes) == 4 == len(set(region.akr_codes))
    assert len(region.cadastral_names) == 4
    # Sections are numbered from 0 within each cadastral municipality, without gaps.
    for area in range(4):
        sections = np.unique(region.section[region.cadastral_area == area])
        if sections.size:
            assert sections.tolist() == list(range(sections.size))
    # A settlement never straddles two municipalities.
    town = region.cells.settlement >= 0
    pairs = {
        (s, m)
        for s, m in zip(region.cells.settlement[town], region.municipality[town], strict=True)
    }
    assert len(pairs) == len(set(region.cells.settlement[town]))
    names = region.municipalities.names
    assert len(names) == 3 and len(set(names)) == 3
