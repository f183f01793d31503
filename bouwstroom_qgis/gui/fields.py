"""Which fields of a layer hold what: BRK parcel keys, IMRO main groups, owners, names.

Names are compared as the engine compares them: lower case, without separators, so
``AKRKadastraleGemeenteCodeWaarde``, ``akr_kadastrale_gemeente_code_waarde`` and
``akrkadastralegemeentecodewaarde`` are the same field. Pure functions over name lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# The parcel key (kadastrale aanduiding), as PDOK spells it in the WFS, OGC API and GML.
BRK_FIELDS = {
    "akr_code": ("akrkadastralegemeentecodewaarde", "akrkadastralegemeentecode", "akrcode"),
    "sectie": ("sectie",),
    "perceelnummer": ("perceelnummer",),
}
# The main group of a zoning object: "hoofdgroep" in an Import IMRO GeoPackage,
# "bestemmingshoofdgroep" in the IMRO GML itself.
IMRO_GROUP_FIELDS = ("hoofdgroep", "bestemmingshoofdgroep")
OWNER_FIELDS = ("eigenaar", "owner", "eigenaarnaam", "naam_eigenaar")
OWNER_TYPE_FIELDS = ("eigenaartype", "ownertype", "soorteigenaar", "typeeigenaar")
NAME_FIELDS = ("statnaam", "gemeentenaam", "naam", "name")
ID_FIELDS = ("parcelid", "perceelid", "identificatielokaalid", "identificatie", "id")


def squash(name: str) -> str:
    """``"AKR_Code"`` -> ``"akrcode"``: the form names are compared in."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def find_field(names: Iterable[str], candidates: Sequence[str]) -> str | None:
    """The first of ``names`` matching a candidate (in the candidates' order), or None."""
    by_squashed: dict[str, str] = {}
    for name in names:
        by_squashed.setdefault(squash(name), name)
    return next((by_squashed[c] for c in candidates if c in by_squashed), None)


def brk_fields(names: Iterable[str]) -> dict[str, str]:
    """The layer's fields for AKR code, sectie and perceelnummer (those present)."""
    names = list(names)
    found = {key: find_field(names, variants) for key, variants in BRK_FIELDS.items()}
    return {key: field for key, field in found.items() if field is not None}


def has_brk_key(names: Iterable[str]) -> bool:
    """Whether the parcel id can be the kadastrale aanduiding ``AKR sectie perceelnummer``."""
    return len(brk_fields(names)) == len(BRK_FIELDS)


def imro_group_field(names: Iterable[str]) -> str | None:
    """The IMRO main group field of a zoning layer, or None."""
    return find_field(names, IMRO_GROUP_FIELDS)


def owner_field(names: Iterable[str]) -> str | None:
    return find_field(names, OWNER_FIELDS)


def owner_type_field(names: Iterable[str]) -> str | None:
    return find_field(names, OWNER_TYPE_FIELDS)


def name_field(names: Iterable[str]) -> str | None:
    return find_field(names, NAME_FIELDS)


def id_field(names: Iterable[str]) -> str | None:
    return find_field(names, ID_FIELDS)
