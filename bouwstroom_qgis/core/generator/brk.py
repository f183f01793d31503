"""Cadastral identity of the parcels, in the fields of the BRK Kadastrale Kaart.

Parcels are numbered per cadastral municipality and section, increasing outwards from
the centre, with the gaps real numbering has (numbers of parcels that were merged or
split are never reused).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from bouwstroom_qgis.core.generator.layout import Region
from bouwstroom_qgis.core.generator.names import section_letters
from bouwstroom_qgis.core.generator.parcels import Parcels
from bouwstroom_qgis.core.generator.split import grouped_cumsum

AKR = "AKRKadastraleGemeenteCodeWaarde"
SECTIE = "sectie"
PERCEELNUMMER = "perceelnummer"
GROOTTE = "kadastraleGrootteWaarde"
KAD_GEMEENTE = "kadastraleGemeenteWaarde"
LOKAAL_ID = "identificatieLokaalID"


@dataclass(frozen=True)
class CadastralKeys:
    akr: npt.NDArray[np.object_]
    sectie: npt.NDArray[np.object_]
    nummer: npt.NDArray[np.int64]
    area: npt.NDArray[np.int64]  # index of the cadastral municipality

    def aanduiding(self, index: npt.NDArray[np.int64] | None = None) -> npt.NDArray[np.object_]:
        """The human key 'AKR sectie nummer', e.g. 'TGR02 B 1234', of all or some parcels."""
        pick = slice(None) if index is None else index
        text = (
            pd.Series(self.akr[pick])
            + " "
            + pd.Series(self.sectie[pick])
            + " "
            + pd.Series(self.nummer[pick]).astype(str)
        )
        return text.to_numpy(dtype=object)


def first_parcels(parcels: Parcels, region: Region, count: int) -> Parcels:
    """The first ``count`` parcels in the order cells fill the region.

    Raises
    ------
    ValueError
        When the grid holds fewer parcels than asked for (the caller plans a larger one).
    """
    if len(parcels) < count:
        raise ValueError(f"grid holds {len(parcels)} parcels, {count} asked for")
    order = np.argsort(region.order[parcels.cell], kind="stable")[:count]
    return parcels.take(order)


def cadastral_keys(parcels: Parcels, region: Region, rng: np.random.Generator) -> CadastralKeys:
    """AKR code, section letter and parcel number of every parcel; together unique."""
    area = region.cadastral_area[parcels.cell]
    section = region.section[parcels.cell]
    group = area * 1000 + section
    order = np.argsort(group, kind="stable")
    present, inverse = np.unique(group[order], return_inverse=True)
    step = rng.geometric(0.75, size=order.size)  # mostly 1, sometimes a gap
    start = rng.integers(1, 40, size=present.size)
    number_sorted = (
        grouped_cumsum(step, inverse.astype(np.int64), present.size) + start[inverse] - 1
    )
    number = np.empty(order.size, dtype=np.int64)
    number[order] = number_sorted
    codes = np.array(region.akr_codes, dtype=object)
    return CadastralKeys(codes[area], section_letters(section).astype(object), number, area)
